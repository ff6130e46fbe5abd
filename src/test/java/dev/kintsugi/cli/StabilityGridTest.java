package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.diagnose.stability.RunRecord;
import dev.kintsugi.diagnose.stability.StabilityResult;
import dev.kintsugi.diagnose.stability.StabilityStudy;
import dev.kintsugi.diagnose.stability.StudyDesign;
import dev.kintsugi.diagnose.stability.StudyDirectory;
import dev.kintsugi.study.grid.LocalEngine;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stability study's runs on a grid engine (issue 14: the Spark engine runs them this way, on its executors): each
 * run trains in a process of its own from the study folder's design alone and gives the in-process study's numbers.
 * Here on the local engine, which needs no Spark; SparkStabilityTest does the same through Spark.
 */
class StabilityGridTest {
    @Test
    void runsInWorkerProcessesGiveTheInProcessStudysNumbers(@TempDir Path tmp) throws IOException {
        String data = CliTest.csv(tmp) + ":label=label";
        Path inProcess = tmp.resolve("in-process");
        CliTest.Run r = CliTest.run("stability", "--model", "mlp", "--opt", "hidden=8", "--data", data, "--seeds", "3",
                "--epochs", "2", "--vary", "init", "--threads", "1", "--out", inProcess.toString());
        assertThat(r.exit()).as(r.err()).isZero();

        Path grid = Files.createDirectories(tmp.resolve("grid"));
        Files.copy(inProcess.resolve(StudyDirectory.DESIGN), grid.resolve(StudyDirectory.DESIGN));
        StudyDirectory dir = StudyDirectory.existing(grid);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StabilityResult result = StabilityStudy.fromDesign(dir.design(), "test").run(3, dir, new LocalEngine(2),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("stability: 3 runs (0 finished already), engine local")
                .contains("run 3/3 done");
        assertThat(result.runs()).hasSize(3).noneMatch(StabilityResult.Run::resumed);
        for (int run = 0; run < 3; run++) {
            assertThat(grid.resolve("logs").resolve(String.format("run-%03d.log", run))).isRegularFile();
            sameNumbers(StudyDirectory.existing(grid).finished(run).orElseThrow(),
                    StudyDirectory.existing(inProcess).finished(run).orElseThrow());
        }
    }

    @Test
    void aWorkerWhoseDataIsNotTheStudysFailsInOneLine(@TempDir Path tmp) throws IOException {
        String data = CliTest.csv(tmp) + ":label=label";
        Path study = tmp.resolve("study");
        assertThat(CliTest.run("stability", "--model", "mlp", "--opt", "hidden=4", "--data", data, "--seeds", "2",
                "--epochs", "1", "--threads", "1", "--out", study.toString()).exit()).isZero();
        // The same file name on "another machine", one value changed: the run refuses to train on it.
        Path other = Files.createDirectories(tmp.resolve("other"));
        String csv = Files.readString(tmp.resolve("blobs.csv"));
        int firstComma = csv.indexOf(',', csv.indexOf('\n'));
        Files.writeString(other.resolve("blobs.csv"), csv.substring(0, firstComma) + "9" + csv.substring(firstComma));
        Path moved = Files.createDirectories(tmp.resolve("moved"));
        ObjectNode design = (ObjectNode) Json.mapper().readTree(study.resolve(StudyDirectory.DESIGN).toFile());
        design.put("dataset", other.resolve("blobs.csv") + ":label=label");
        Json.write(moved.resolve(StudyDirectory.DESIGN), design);

        StudyDirectory dir = StudyDirectory.existing(moved);
        StudyDesign recorded = StudyDirectory.existing(study).design();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StabilityStudy.fromDesign(recorded, "test").run(2, dir, new LocalEngine(1), quiet))
                .isInstanceOf(KintsugiException.class)
                .hasMessageStartingWith("stability run 1 failed (exit 2): ")
                .hasMessageContaining("is not the data of " + moved.resolve(StudyDirectory.DESIGN))
                .hasMessageContaining("train split has checksum")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(dir.finished(0)).isEmpty();
    }

    @Test
    void anEngineThatIsNotHereIsAOneLineErrorBeforeAnyWork(@TempDir Path tmp) throws IOException {
        String data = CliTest.csv(tmp) + ":label=label";
        Path out = tmp.resolve("s");
        CliTest.Run spark = CliTest.run("stability", "--model", "mlp", "--data", data, "--seeds", "2",
                "--engine", "spark", "--master", "local[2]", "--out", out.toString());
        assertThat(spark.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(spark.err().strip()).startsWith("kintsugi: --engine spark needs the Spark build").doesNotContain("\n");
        CliTest.Run master = CliTest.run("stability", "--model", "mlp", "--data", data, "--seeds", "2",
                "--master", "local[2]", "--out", out.toString());
        assertThat(master.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(master.err().strip()).contains("--master is for a cluster engine").doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    static void sameNumbers(RunRecord actual, RunRecord expected) {
        assertThat(actual.seeds()).isEqualTo(expected.seeds());
        assertThat(actual.testAccuracy()).isEqualTo(expected.testAccuracy());
        assertThat(actual.validAccuracy()).isEqualTo(expected.validAccuracy());
        assertThat(actual.testPredictions()).isEqualTo(expected.testPredictions());
        assertThat(withoutTimes(actual)).isEqualTo(withoutTimes(expected));
    }

    /** The run's training history, its wall times left out (they depend on the machine's load). */
    private static com.fasterxml.jackson.databind.JsonNode withoutTimes(RunRecord r) {
        ObjectNode h = Json.mapper().valueToTree(r.history());
        h.remove("seconds");
        h.get("epochs").forEach(e -> ((ObjectNode) e).remove("seconds"));
        return h;
    }
}
