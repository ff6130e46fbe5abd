package dev.kintsugi.cli;

import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.Splits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DataCheckCommandTest {
    @TempDir
    Path tmp;

    @Test
    void helpHasAnExample() {
        CliTest.Run r = CliTest.run("data", "check", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Example").contains("--fix");
    }

    @Test
    void checksAndFixesACsvWithoutTouchingIt() throws Exception {
        Path csv = CliTest.csv(tmp);
        byte[] before = Files.readAllBytes(csv);
        Path out = tmp.resolve("check");
        CliTest.Run r = CliTest.run("data", "check", "--data", csv.toString(), "--checks", "label-noise,imbalance",
                "--folds", "3", "--probe-epochs", "3", "--fix", "relabel", "--out", out.toString(), "--threads", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(out.resolve("data-check.json")).exists();
        assertThat(out.resolve("data-check.html")).exists();
        assertThat(Files.readAllBytes(csv)).isEqualTo(before);
        Splits fixed = DatasetResolver.resolve(out.resolve("corrected-data").toString(), 0);
        Splits original = DatasetResolver.resolve(csv.toString(), 0);
        assertThat(fixed.train().size()).isEqualTo(original.train().size());
        assertThat(fixed.test().labels()).isEqualTo(original.test().labels());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path csv = CliTest.csv(tmp);
        String[][] bad = {
                {"data", "check", "--data", csv.toString(), "--checks", "astrology", "--out", tmp.resolve("a").toString()},
                {"data", "check", "--data", csv.toString(), "--fix", "burn", "--out", tmp.resolve("b").toString()},
                {"data", "check", "--data", csv.toString(), "--checks", "imbalance", "--fix", "remove", "--out",
                        tmp.resolve("c").toString()},
                {"data", "check", "--data", csv.toString(), "--folds", "1", "--out", tmp.resolve("d").toString()},
                {"data", "check", "--data", "/nonexistent/data", "--out", tmp.resolve("e").toString()},
                {"data", "check", "--data", csv.toString()},
                {"data", "check", "--data", csv.toString(), "--model", "/nonexistent/model", "--out",
                        tmp.resolve("f").toString()}};
        String[] expected = {"unknown data check 'astrology'", "unknown --fix 'burn'", "needs the label-noise check",
                "--folds must be at least 2", "/nonexistent/data", "--out", "/nonexistent/model"};
        for (int i = 0; i < bad.length; i++) {
            CliTest.Run r = CliTest.run(bad[i]);
            assertThat(r.exit()).as(String.join(" ", bad[i])).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains(expected[i]).doesNotContain("\tat ");
        }
        assertThat(tmp.resolve("c")).doesNotExist();
    }
}
