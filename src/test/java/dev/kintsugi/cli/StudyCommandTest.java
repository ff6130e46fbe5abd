package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.study.grid.Cell;
import dev.kintsugi.study.grid.CellResult;
import dev.kintsugi.study.grid.StudyFolder;
import dev.kintsugi.testing.BrowserChecks;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test: a small grid (german-credit, two approaches, two seeds) killed mid-run and resumed gives the
 * same study.json as an uninterrupted run, apart from what the machine's load decides (times, memory, provenance).
 */
class StudyCommandTest {
    private static final String[] GRID = {"study", "--benchmarks", "german-credit/mlp", "--approaches", "finetune,care",
            "--seeds", "2", "--threads", "1"};

    @Test
    void aKilledStudyResumesToTheSameResultsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        CliTest.Run r = CliTest.run(args(whole));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 cells (4 ok, 0 resumed, 4 run now)").contains("no approach wins every axis");
        assertThat(whole.resolve("study.html")).isRegularFile();
        assertThat(Files.readAllLines(whole.resolve("study.csv"))).hasSize(5);
        rendersWithEveryTableAndChartNonEmpty(whole.resolve("study.html"), tmp);
        recommends(whole, tmp);

        Path killed = tmp.resolve("killed");
        Process p = new ProcessBuilder(javaCommand(args(killed))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (cellFiles(killed) < 1 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        int before = cellFiles(killed);
        assertThat(before).as(Files.readString(tmp.resolve("killed.log"))).isBetween(1, 3);

        CliTest.Run resumed = CliTest.run(args(killed));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).containsPattern("= 4 cells \\([1-3] finished already\\)");
        assertThat(withoutMachineLoad(killed)).isEqualTo(withoutMachineLoad(whole));

        String[] other = args(killed);
        other[6] = "3";
        CliTest.Run refused = CliTest.run(other);
        assertThat(refused.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(refused.err().strip()).contains("other arguments (seeds: recorded 2, now 3)").doesNotContain("\n");
    }

    /** study.html in headless Chromium: findings, one table per benchmark, the cost table, and both charts. */
    private static void rendersWithEveryTableAndChartNonEmpty(Path html, Path tmp) throws IOException {
        BrowserChecks.requireChromium();
        List<BrowserChecks.Measured> measured = BrowserChecks.measure(Files.readString(html),
                Files.createDirectories(tmp.resolve("browser")));
        assertThat(measured).filteredOn(m -> m.kind().equals("table")).hasSize(3);
        assertThat(measured).filteredOn(m -> m.kind().equals("svg")).hasSize(2);
        assertThat(measured).allSatisfy(m -> {
            assertThat(m.width()).as("%s width", m.kind()).isPositive();
            assertThat(m.height()).as("%s height", m.kind()).isPositive();
        });
        assertThat(Files.readString(html)).contains("approaches beat the random baseline").contains("care")
                .contains("finetune").contains("compact letter display");
    }

    /** recommend ranks by the evidence, and with --model runs the top candidate on the valid split. */
    private static void recommends(Path study, Path tmp) throws IOException {
        CliTest.Run r = CliTest.run("recommend", "--study", study.toString(), "--objective", "max RR, NFR <= 100");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1. ").contains("on german-credit/mlp: RR").contains("meets the limits");
        CliTest.Run warned = CliTest.run("recommend", "--study", study.toString(), "--objective", "min NFR",
                "--data", CliTest.csv(tmp) + ":label=label");
        assertThat(warned.exit()).as(warned.err()).isZero();
        assertThat(warned.out()).contains("warning: ").contains("unlike every benchmark");
        Path out = tmp.resolve("rec");
        CliTest.Run ran = CliTest.run("recommend", "--study", study.toString(), "--objective", "max ACC",
                "--model", study.resolve("originals/german-credit/mlp/seed-0").toString(), "--data", "german-credit",
                "--top", "1", "--threads", "1", "--out", out.toString());
        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.out()).contains("candidate ").contains("on the valid split");
        JsonNode rec = Json.mapper().readTree(out.resolve("recommendation.json").toFile());
        assertThat(rec.get("candidates")).hasSize(1);
        assertThat(rec.get("best").asText()).isEqualTo(rec.at("/candidates/0/approach").asText());
    }

    @Test
    void badArgumentsGiveOneLineErrors(@TempDir Path tmp) {
        String out = tmp.resolve("s").toString();
        String[][] cases = {
                {"study", "--benchmarks", "mnist/alexnet", "--out", out},
                {"study", "--approaches", "nosuch", "--benchmarks", "german-credit/mlp", "--out", out},
                {"study", "--benchmarks", "german-credit/mlp", "--seeds", "0", "--out", out},
                {"study", "--benchmarks", "german-credit/mlp"},
                {"study", "--benchmarks", "german-credit/mlp", "--max-nfr", "101", "--out", out},
        };
        String[] expected = {"unknown benchmark 'mnist/alexnet'", "unknown repair approach 'nosuch'",
                "--seeds must be at least 1", "study needs --out", "--max-nfr is a percentage between 0 and 100"};
        for (int i = 0; i < cases.length; i++) {
            CliTest.Run r = CliTest.run(cases[i]);
            assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(r.err().strip()).contains(expected[i]).doesNotContain("\n");
        }
    }

    /** The core build has no Spark: asking for it says in one line how to get it, and touches no folder. */
    @Test
    void engineErrorsAreOneLineAndWriteNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("s");
        String[][] cases = {
                {"study", "--benchmarks", "german-credit/mlp", "--engine", "nosuch", "--out", out.toString()},
                {"study", "--benchmarks", "german-credit/mlp", "--master", "local[2]", "--out", out.toString()},
                {"study", "--benchmarks", "german-credit/mlp", "--engine", "spark", "--out", out.toString()},
        };
        String[] expected = {"--engine must be local or spark, got nosuch", "--master is for a cluster engine",
                "--engine spark needs the Spark build: ./mvnw -Pcpu,spark package"};
        // The spark build's tests have the engine on their class path; there the last case is SparkStudyTest's.
        int n = sparkOnClassPath() ? 2 : 3;
        for (int i = 0; i < n; i++) {
            CliTest.Run r = CliTest.run(cases[i]);
            assertThat(r.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(r.err().strip()).contains(expected[i]).doesNotContain("\n");
            assertThat(out).doesNotExist();
        }
    }

    private static boolean sparkOnClassPath() {
        try {
            Class.forName("org.apache.spark.SparkConf");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void aFailedCellIsKeptOnResumeAndRunAgainWithRetryFailed(@TempDir Path tmp) throws Exception {
        String[] grid = {"study", "--benchmarks", "german-credit/mlp", "--approaches", "finetune", "--seeds", "1",
                "--threads", "1", "--out", tmp.resolve("s").toString()};
        CliTest.Run first = CliTest.run(grid);
        assertThat(first.exit()).as(first.err()).isZero();
        JsonNode whole = withoutMachineLoad(tmp.resolve("s"));
        // as a cluster worker without the dataset would have left it
        Cell cell = new Cell("german-credit/mlp", "finetune", 0);
        StudyFolder folder = StudyFolder.existing(tmp.resolve("s"));
        folder.save(CellResult.unfinished(cell, CellResult.FAILED, "German Credit (credit-g.arff) not found", 1.0));

        CliTest.Run kept = CliTest.run(grid);
        assertThat(kept.exit()).as(kept.err()).isZero();
        assertThat(kept.out()).contains("1 cells (0 ok, 1 resumed, 0 run now)");
        assertThat(folder.finished(cell).orElseThrow().status()).isEqualTo(CellResult.FAILED);

        String[] retry = java.util.Arrays.copyOf(grid, grid.length + 1);
        retry[grid.length] = "--retry-failed";
        CliTest.Run retried = CliTest.run(retry);
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("1 cells (1 ok, 0 resumed, 1 run now)");
        assertThat(withoutMachineLoad(tmp.resolve("s"))).isEqualTo(whole);
    }

    @Test
    void originalsKeepTheirTrainingHistorySoNeuRecoverCellsRun(@TempDir Path tmp) throws Exception {
        Path study = tmp.resolve("s");
        CliTest.Run r = CliTest.run("study", "--benchmarks", "german-credit/mlp", "--approaches", "nr", "--seeds", "1",
                "--threads", "1", "--out", study.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path original = study.resolve("originals/german-credit/mlp/seed-0");
        assertThat(dev.kintsugi.model.EpochHistory.read(original)).as("history beside the original").isPresent();
        assertThat(original.resolveSibling("seed-0.training")).as("the staging folder is moved, not left").doesNotExist();
        CellResult cell = StudyFolder.existing(study).finished(new Cell("german-credit/mlp", "nr", 0)).orElseThrow();
        assertThat(String.valueOf(cell.note())).as("the cell got the history").doesNotContain("keep-history");
    }

    @Test
    void aGuardedStudyGuardsEveryCellAndAPlanWithoutTheGuardStillResumes(@TempDir Path tmp) throws Exception {
        Path study = tmp.resolve("s");
        CliTest.Run r = CliTest.run("study", "--benchmarks", "german-credit/mlp", "--approaches", "care", "--seeds", "1",
                "--threads", "1", "--max-nfr", "0", "--out", study.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        CellResult cell = StudyFolder.existing(study).finished(new Cell("german-credit/mlp", "care", 0)).orElseThrow();
        assertThat(cell.note()).as("the guard's decision is the cell's note").isNotBlank();
        assertThat(Files.readString(study.resolve("study.html"))).contains("under a regression guard");

        // a study folder written before the guard existed has no maxNfrPercent in plan.json: it resumes unguarded
        Path old = tmp.resolve("old");
        String[] unguarded = {"study", "--benchmarks", "german-credit/mlp", "--approaches", "care", "--seeds", "1",
                "--threads", "1", "--out", old.toString()};
        assertThat(CliTest.run(unguarded).exit()).isZero();
        Path plan = old.resolve("plan.json");
        JsonNode recorded = Json.mapper().readTree(plan.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) recorded).remove("maxNfrPercent");
        Files.writeString(plan, recorded.toString());
        CliTest.Run resumed = CliTest.run(unguarded);
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("1 cells (1 ok, 1 resumed, 0 run now)");
    }

    private static String[] args(Path out) {
        List<String> a = new ArrayList<>(List.of(GRID));
        a.add("--out");
        a.add(out.toString());
        return a.toArray(String[]::new);
    }

    private static List<String> javaCommand(String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib:jdwp")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int cellFiles(Path study) throws IOException {
        Path cells = study.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(cells)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().startsWith(".")).count();
        }
    }

    /** study.json without provenance, times and memory: what the seeds alone decide. */
    static JsonNode withoutMachineLoad(Path study) throws IOException {
        JsonNode json = Json.mapper().readTree(study.resolve("study.json").toFile());
        ((ObjectNode) json).remove("provenance");
        strip(json);
        return json;
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            o.remove(List.of("repairSeconds", "cellSeconds", "processSeconds", "peakRssBytes", "TIME", "MEMORY"));
            Iterator<JsonNode> children = o.elements();
            while (children.hasNext()) {
                strip(children.next());
            }
        } else if (node.isArray()) {
            node.forEach(StudyCommandTest::strip);
        }
    }
}
