package dev.kintsugi.report;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the browser wrapper fails; stand-in executables keep these fast and independent of Chromium. */
class HeadlessBrowserTest {
    @Test
    void missingBrowserIsAClearUserError(@TempDir Path dir) {
        HeadlessBrowser browser = new HeadlessBrowser(dir.resolve("no-such-chromium"), Duration.ofSeconds(5));
        assertThat(browser.isAvailable()).isFalse();
        assertThatThrownBy(() -> browser.dumpDom(dir.resolve("r.html")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("no Chromium at");
    }

    @Test
    void aHangingBrowserIsKilledAtTheTimeout(@TempDir Path dir) throws IOException {
        HeadlessBrowser browser = new HeadlessBrowser(script(dir, "sleep 30"), Duration.ofMillis(500));
        long start = System.nanoTime();
        assertThatThrownBy(() -> browser.dumpDom(dir.resolve("r.html")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aFailingBrowserReportsItsExitCodeAndErrorOutput(@TempDir Path dir) throws IOException {
        HeadlessBrowser browser = new HeadlessBrowser(script(dir, "echo 'cannot open display' >&2; exit 3"),
                Duration.ofSeconds(10));
        assertThatThrownBy(() -> browser.screenshot(dir.resolve("r.html"), dir.resolve("r.png"), 100, 100))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("exit 3")
                .hasMessageContaining("cannot open display");
        assertThat(dir.resolve("r.png")).doesNotExist();
    }

    @Test
    void dumpDomReturnsTheBrowsersOutput(@TempDir Path dir) throws IOException {
        HeadlessBrowser browser = new HeadlessBrowser(script(dir, "echo '<html>dumped</html>'"), Duration.ofSeconds(10));
        assertThat(browser.dumpDom(dir.resolve("r.html"))).isEqualTo("<html>dumped</html>\n");
    }

    private static Path script(Path dir, String body) throws IOException {
        Path script = dir.resolve("fake-chromium.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
