package dev.kintsugi.util;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    @Test
    void writesReplaceAtomicallyAndLeaveNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertThat(f).hasContent("two");
        assertThat(Files.list(dir)).containsExactly(f);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    }

    @Test
    void directoriesAreNeverReplacedUnlessForced(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model");
        AtomicFiles.writeDirectory(target, false, d -> Files.writeString(d.resolve("x"), "1"));
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(target, false, d -> Files.writeString(d.resolve("x"), "2")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("already exists");
        assertThat(target.resolve("x")).hasContent("1");
        AtomicFiles.writeDirectory(target, true, d -> Files.writeString(d.resolve("x"), "3"));
        assertThat(target.resolve("x")).hasContent("3");
        assertThat(Files.list(dir)).containsExactly(target);
    }

    @Test
    void aFailedWriteLeavesTheOldDirectoryAndNoDebris(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model");
        AtomicFiles.writeDirectory(target, false, d -> Files.writeString(d.resolve("x"), "1"));
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(target, true, d -> {
            Files.writeString(d.resolve("x"), "half");
            throw new IOException("disk full");
        })).isInstanceOf(KintsugiException.class).hasMessageContaining("disk full");
        assertThat(target.resolve("x")).hasContent("1");
        assertThat(Files.list(dir)).containsExactly(target);
    }
}
