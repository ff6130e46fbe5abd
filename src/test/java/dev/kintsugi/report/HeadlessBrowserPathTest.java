package dev.kintsugi.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeadlessBrowserPathTest {
    @Test
    void chromiumIsFoundOnPathLikeTheCiScriptFindsIt(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = Files.writeString(bin.resolve("chromium-browser"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = dir.resolve("empty") + java.io.File.pathSeparator + bin;
        assertThat(HeadlessBrowser.onPath(path, List.of("chromium", "chromium-browser"))).isEqualTo(fake);
        assertThat(HeadlessBrowser.onPath(dir.resolve("empty").toString(), List.of("chromium")))
                .isEqualTo(Path.of("/usr/bin/chromium"));
    }
}
