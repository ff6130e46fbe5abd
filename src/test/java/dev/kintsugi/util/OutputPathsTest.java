package dev.kintsugi.util;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputPathsTest {
    @Test
    void aNewFileIsFineAnExistingOneNeedsForceAndSpecialFilesNeverPass(@TempDir Path dir) throws IOException {
        Path fresh = dir.resolve("new.json");
        assertThatCode(() -> OutputPaths.checkFile(fresh, "--json", false, List.of())).doesNotThrowAnyException();
        Path existing = Files.writeString(dir.resolve("old.json"), "{}");
        assertThatThrownBy(() -> OutputPaths.checkFile(existing, "--json", false, List.of()))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("--force");
        assertThatCode(() -> OutputPaths.checkFile(existing, "--json", true, List.of())).doesNotThrowAnyException();

        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), victim);
        assertThatThrownBy(() -> OutputPaths.checkFile(link, "--json", true, List.of())).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> AtomicFiles.writeString(link, "x")).hasMessageContaining("never replaces");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(link)).isTrue();

        assertThatThrownBy(() -> OutputPaths.checkFile(Path.of("/dev/null"), "--out", true, List.of()))
                .hasMessageContaining("special file");
        assertThatThrownBy(() -> AtomicFiles.writeString(Path.of("/dev/null"), "x")).hasMessageContaining("never replaces");
        assertThatThrownBy(() -> OutputPaths.checkFile(dir, "--out", true, List.of())).hasMessageContaining("not a regular file");
    }

    @Test
    void anOutputMayNotBeContainOrLieInsideAnInput(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path model = Files.createDirectories(dir.resolve("model"));
        Path spec = Files.writeString(model.resolve("spec.json"), "{}");
        assertThatThrownBy(() -> OutputPaths.checkDirectory(data, "--out", true, List.of(data)))
                .hasMessageContaining("is the input");
        assertThatThrownBy(() -> OutputPaths.checkDirectory(dir, "--out", true, List.of(data)))
                .hasMessageContaining("contains the input");
        assertThatThrownBy(() -> OutputPaths.checkDirectory(data.resolve("sub"), "--out", false, List.of(data)))
                .hasMessageContaining("lies inside the input");
        assertThatThrownBy(() -> OutputPaths.checkFile(spec, "--out", true, List.of(model)))
                .hasMessageContaining("lies inside the input");
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), data);
        assertThatThrownBy(() -> OutputPaths.checkDirectory(alias.resolve("x"), "--out", false, List.of(data)))
                .hasMessageContaining("lies inside the input");
        assertThatCode(() -> OutputPaths.checkDirectory(dir.resolve("out"), "--out", false, List.of(data, model)))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnwritablePlaceIsFoundBeforeTheWork(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> OutputPaths.checkDirectory(file.resolve("out"), "--out", false, List.of()))
                .hasMessageContaining("not a writable folder");
    }

    @Test
    void aKilledWritersHiddenFolderIsCleanedByTheNextWrite(@TempDir Path dir) throws IOException {
        Path deadPid = Files.createDirectories(dir.resolve(".m.999999999.123"));
        Files.writeString(deadPid.resolve("parameters.bin"), "half");
        Path oldStyle = Files.createDirectories(dir.resolve(".m.456"));
        Files.setLastModifiedTime(oldStyle, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path freshOldStyle = Files.createDirectories(dir.resolve(".m.789"));
        Path live = Files.createDirectories(dir.resolve(".m." + ProcessHandle.current().parent().orElseThrow().pid() + ".1"));
        AtomicFiles.writeDirectory(dir.resolve("m"), false, d -> Files.writeString(d.resolve("a"), "b"));
        assertThat(dir.resolve("m/a")).hasContent("b");
        assertThat(deadPid).doesNotExist();
        assertThat(oldStyle).doesNotExist();
        assertThat(freshOldStyle).exists();
        assertThat(live).exists();
    }
}
