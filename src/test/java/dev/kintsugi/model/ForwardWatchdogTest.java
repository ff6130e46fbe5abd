package dev.kintsugi.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog halts the process it guards, so each case runs {@link WatchdogProbe} in a child JVM. */
class ForwardWatchdogTest {
    static final Path HOSTILE = TorchScriptAuditTest.HOSTILE.toAbsolutePath();

    @Test
    void aModelThatLoopsForeverIsStoppedWithOneLine(@TempDir Path dir) throws Exception {
        Result r = probe(dir, "loop.pt", 1500, 0);
        assertThat(r.exit).isEqualTo(137);
        assertThat(r.stderr.strip()).doesNotContain("\n").contains("--model-timeout 1500 ms");
        assertThat(r.stdout).contains("forward").doesNotContain("done");
    }

    @Test
    void aModelThatAllocatesWithoutBoundIsStoppedWithOneLine(@TempDir Path dir) throws Exception {
        Result r = probe(dir, "grow.pt", 120_000, 300);
        assertThat(r.exit).isIn(2, 137);
        assertThat(r.stderr.strip()).doesNotContain("\n").containsAnyOf("--model-memory", "failed in its forward pass");
    }

    @Test
    void anHonestModelFinishes(@TempDir Path dir) throws Exception {
        Result r = probe(dir, "plain.pt", 60_000, 0);
        assertThat(r.exit).as(r.stderr).isZero();
        assertThat(r.stdout).contains("done");
    }

    @Test
    void sigtermDuringAForwardPassLeavesNoCrashLog(@TempDir Path dir) throws Exception {
        Process p = start(dir, "loop.pt", 600_000, 0);
        try (var out = p.inputReader()) {
            assertThat(out.readLine()).isEqualTo("forward");
            Thread.sleep(500);
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);
        assertThat(Files.readString(dir.resolve("stderr.txt")).strip()).isEqualTo("kintsugi: stopped by SIGTERM");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result probe(Path dir, String model, long timeoutMs, long headroomMiB) throws Exception {
        Process p = start(dir, model, timeoutMs, headroomMiB);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the probe stops").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt")));
    }

    private static Process start(Path dir, String model, long timeoutMs, long headroomMiB) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), WatchdogProbe.class.getName(),
                HOSTILE.resolve(model).toString(), Long.toString(timeoutMs), Long.toString(headroomMiB)));
        pb.directory(dir.toFile());
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        return pb.start();
    }
}
