package dev.kintsugi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to {@code kintsugi failures ...} ends in one clear line and exit status 2. */
class FailuresCommandTest {
    private static void oneLineError(CliTest.Run r, String expected) {
        assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(expected);
    }

    @Test
    void listsItsSubcommands() {
        CliTest.Run r = CliTest.run("failures");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("find", "describe", "mitigate", "group", "demo");
    }

    @Test
    void aMissingModelIsOneLine(@TempDir Path dir) {
        oneLineError(CliTest.run("failures", "find", "--model", dir.resolve("nope").toString(), "--data",
                "german-credit", "--out", dir.resolve("o").toString()), "nope");
    }

    @Test
    void anExistingOutputFolderIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("o"));
        oneLineError(CliTest.run("failures", "mitigate", "--model", dir.toString(), "--out", dir.resolve("o").toString()),
                "already exists");
    }

    @Test
    void badNumbersAndNamesAreOneLine(@TempDir Path root) throws java.io.IOException {
        // the --model folder and --out sit side by side: an --out inside an input is an error of its own
        Path dir = Files.createDirectories(root.resolve("model"));
        String out = root.resolve("o").toString();
        oneLineError(CliTest.run("failures", "mitigate", "--model", dir.toString(), "--lambdas", "0.5,x", "--out", out),
                "--lambdas");
        oneLineError(CliTest.run("failures", "mitigate", "--model", dir.toString(), "--lambda", "-1", "--out", out),
                "lambda");
        oneLineError(CliTest.run("failures", "mitigate", "--model", dir.toString(), "-n", "0", "--out", out),
                "images-per-failure");
        oneLineError(CliTest.run("failures", "mitigate", "--model", dir.toString(), "--mitigation", "magic", "--out",
                out), "magic");
        oneLineError(CliTest.run("failures", "group", "--member", "oops", "--out", out), "NAME=ARCH");
        oneLineError(CliTest.run("failures", "group", "--member", "x=nosucharch", "--out", out), "nosucharch");
        oneLineError(CliTest.run("failures", "describe", "--model", dir.toString(), "--k", "0", "--out", out), "--k");
    }
}
