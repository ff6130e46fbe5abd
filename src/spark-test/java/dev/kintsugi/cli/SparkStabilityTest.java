package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.diagnose.stability.StudyDirectory;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kintsugi stability --engine spark}: each run a Spark task, trained in a process of its own, gives the
 * in-process study's runs number for number; a master nobody answers at is refused before any work.
 */
class SparkStabilityTest {
    @Test
    void sparkRunsGiveTheLocalStudysNumbers(@TempDir Path tmp) throws IOException {
        String data = CliTest.csv(tmp) + ":label=label";
        String[] common = {"stability", "--model", "mlp", "--opt", "hidden=8", "--data", data, "--seeds", "3",
                "--epochs", "2", "--vary", "order", "--threads", "1"};
        Path local = tmp.resolve("local");
        CliTest.Run l = CliTest.run(with(common, "--out", local.toString()));
        assertThat(l.exit()).as(l.err()).isZero();
        Path spark = tmp.resolve("spark");
        CliTest.Run s = CliTest.run(with(common, "--out", spark.toString(), "--engine", "spark", "--master", "local[2]"));
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(s.err()).contains("stability: 3 runs (0 finished already), engine spark").contains("spark: 3 cells");
        // the same summary line: accuracy spread, collapsed runs, churn
        assertThat(s.out()).isEqualTo(l.out().replace(local.toString(), spark.toString()));
        for (int run = 0; run < 3; run++) {
            StabilityGridTest.sameNumbers(StudyDirectory.existing(spark).finished(run).orElseThrow(),
                    StudyDirectory.existing(local).finished(run).orElseThrow());
        }
        JsonNode json = Json.mapper().readTree(spark.resolve("stability.json").toFile());
        assertThat(json.at("/result/runs")).hasSize(3);
    }

    @Test
    void aMasterNobodyAnswersAtIsAOneLineErrorAndWritesNothing(@TempDir Path tmp) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        String data = CliTest.csv(tmp) + ":label=label";
        Path out = tmp.resolve("st");
        CliTest.Run st = CliTest.run("stability", "--model", "mlp", "--data", data, "--seeds", "2", "--engine", "spark",
                "--master", master, "--out", out.toString());
        assertThat(st.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(st.err().strip()).startsWith("kintsugi: cannot reach the Spark master " + master).doesNotContain("\n");
        assertThat(out).doesNotExist();
        Path study = tmp.resolve("study");
        CliTest.Run sd = CliTest.run("study", "--benchmarks", "german-credit/mlp", "--approaches", "finetune", "--seeds",
                "1", "--engine", "spark", "--master", master, "--out", study.toString());
        assertThat(sd.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(sd.err().strip()).startsWith("kintsugi: cannot reach the Spark master " + master).doesNotContain("\n");
        assertThat(study).doesNotExist();
    }

    private static String[] with(String[] a, String... more) {
        String[] r = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, r, a.length, more.length);
        return r;
    }
}
