package dev.kintsugi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kintsugi data check} with the duplicates and drift checks and {@code --fix dedupe}. */
class DataCheckLeakageCliTest {

    @Test
    void dedupeWritesACorrectedCopyAndLeavesTheCsvAlone(@TempDir Path dir) throws Exception {
        Path csv = CliTest.csv(dir);
        // Repeat the first 40 rows: the copies land in train and in the other splits alike.
        String text = Files.readString(csv);
        String[] lines = text.split("\n");
        StringBuilder repeated = new StringBuilder(text);
        for (int i = 1; i <= 40; i++) {
            repeated.append(lines[i]).append('\n');
        }
        Files.writeString(csv, repeated.toString());
        byte[] before = Files.readAllBytes(csv);
        Path out = dir.resolve("check");
        CliTest.Run r = CliTest.run("data", "check", "--data", csv.toString(), "--checks", "duplicates,drift", "--fix",
                "dedupe", "--threads", "1", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("duplicates").contains("fix dedupe: removed");
        String json = Files.readString(out.resolve("data-check.json"));
        assertThat(json).contains("\"ks+psi\"").containsPattern("\"exactPairs\"\\s*:\\s*[1-9]");
        assertThat(out.resolve("corrected-data")).isDirectory();
        assertThat(Files.readAllBytes(csv)).isEqualTo(before);
        CliTest.Run again = CliTest.run("data", "check", "--data", out.resolve("corrected-data").toString(), "--checks",
                "duplicates", "--threads", "1", "--out", dir.resolve("again").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readString(dir.resolve("again").resolve("data-check.json")))
                .containsPattern("\"within-train\"\\s*:\\s*\\{\\s*\"exactPairs\"\\s*:\\s*0,");
    }

    @Test
    void badAlphaAndDriftMethodAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path csv = CliTest.csv(dir);
        CliTest.Run alpha = CliTest.run("data", "check", "--data", csv.toString(), "--checks", "drift", "--alpha", "2",
                "--out", dir.resolve("a").toString());
        assertThat(alpha.exit()).isEqualTo(2);
        assertThat(alpha.err().strip()).contains("alpha must lie in (0, 1), got 2.0").doesNotContain("\n");
        CliTest.Run method = CliTest.run("data", "check", "--data", csv.toString(), "--checks", "drift",
                "--drift-method", "ks", "--out", dir.resolve("b").toString());
        assertThat(method.exit()).isEqualTo(2);
        assertThat(method.err().strip()).contains("image drift method must be one of").doesNotContain("\n");
    }
}
