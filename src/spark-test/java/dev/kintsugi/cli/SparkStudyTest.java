package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test, in the spark build only ({@code ./mvnw -Pcpu,spark test -Dtest=SparkStudyTest}): a small grid
 * (german-credit, two approaches, two seeds) run as Spark tasks on {@code --master local[2]} gives the same
 * study.json as the local engine, cell for cell, apart from what the machine's load decides; and a Spark study that
 * lost a cell resumes from the others.
 */
class SparkStudyTest {
    private static final String[] GRID = {"study", "--benchmarks", "german-credit/mlp", "--approaches", "finetune,care",
            "--seeds", "2", "--threads", "1"};

    @Test
    void sparkTasksGiveTheLocalEnginesStudyCellForCell(@TempDir Path tmp) throws Exception {
        Path local = tmp.resolve("local");
        CliTest.Run l = CliTest.run(args(local));
        assertThat(l.exit()).as(l.err()).isZero();
        assertThat(l.out()).contains("4 cells (4 ok, 0 resumed, 4 run now)");

        // The same plan and originals, no cells: what is compared is the cells alone, not the originals' training.
        Path spark = Files.createDirectories(tmp.resolve("spark"));
        Files.copy(local.resolve("plan.json"), spark.resolve("plan.json"));
        copyTree(local.resolve("originals"), spark.resolve("originals"));
        CliTest.Run s = CliTest.run(args(spark, "--engine", "spark", "--master", "local[2]"));
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(s.err()).contains("(0 finished already), engine spark");
        assertThat(s.out()).contains("4 cells (4 ok, 0 resumed, 4 run now)");
        assertThat(provenanceEngine(spark)).isEqualTo("spark");
        assertThat(cellFiles(spark)).containsExactlyInAnyOrderElementsOf(cellFiles(local)).hasSize(4);
        assertThat(StudyCommandTest.withoutMachineLoad(spark)).isEqualTo(StudyCommandTest.withoutMachineLoad(local));

        // A cell lost (its task's worker died before writing it): the rerun does only that cell, once.
        Files.delete(spark.resolve("cells/german-credit/mlp/care-seed1.json"));
        CliTest.Run resumed = CliTest.run(args(spark, "--engine", "spark", "--master", "local[2]"));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("= 4 cells (3 finished already), engine spark");
        assertThat(resumed.out()).contains("4 cells (4 ok, 3 resumed, 1 run now)");
        assertThat(cellFiles(spark)).hasSize(4);
        assertThat(StudyCommandTest.withoutMachineLoad(spark)).isEqualTo(StudyCommandTest.withoutMachineLoad(local));
    }

    @Test
    void aLocalMasterWithoutThePlansCoresIsAOneLineError(@TempDir Path tmp) {
        // --threads 2 asks two cores per task, which local[1] has not: Spark refuses to start, in one line after the
        // progress lines (the seed's original is trained first and kept for a rerun).
        List<String> a = new ArrayList<>(List.of(args(tmp.resolve("s"), "--engine", "spark", "--master", "local[1]")));
        a.set(a.indexOf("--seeds") + 1, "1");
        a.set(a.indexOf("--threads") + 1, "2");
        CliTest.Run r = CliTest.run(a.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(Main.USER_ERROR);
        List<String> lines = r.err().strip().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("kintsugi: cannot start Spark at local[1]: ")
                .contains("cpus per task = 2");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private static String provenanceEngine(Path study) throws IOException {
        JsonNode json = Json.mapper().readTree(study.resolve("study.json").toFile());
        return json.at("/provenance/parameters/engine").asText();
    }

    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(GRID));
        a.add("--out");
        a.add(out.toString());
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Every file under cells/, relative to it; a temporary or duplicate file would show here. */
    private static List<String> cellFiles(Path study) throws IOException {
        Path cells = study.resolve("cells");
        try (Stream<Path> files = Files.walk(cells)) {
            return files.filter(Files::isRegularFile).map(f -> cells.relativize(f).toString()).sorted().toList();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
