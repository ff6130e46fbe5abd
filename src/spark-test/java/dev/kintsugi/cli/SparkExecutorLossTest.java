package dev.kintsugi.cli;

import dev.kintsugi.study.grid.CellWorker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's fault: an executor dies in the middle of a cell. A real cluster on this machine (Spark's
 * {@code local-cluster[2,1,1024]}: a master and two workers in the driver's JVM, each executor a JVM of its own,
 * launched from a Spark home whose jars/ are this test's class path) runs the german-credit grid; the test kills
 * the first executor it sees running a cell (SIGKILL, which takes the cell's process down with it). Spark retries
 * the task on an executor the master starts in its place, and the study ends with every cell present once and
 * the local engine's numbers. And the driver killed mid-study: the same command resumes from the finished cells.
 */
class SparkExecutorLossTest {
    private static final String EXECUTOR = "CoarseGrainedExecutorBackend";

    @TempDir
    static Path shared;
    private static Path local;

    /** The local engine's study, once for both tests: what every Spark run must equal. */
    @BeforeAll
    static void localStudy() {
        local = shared.resolve("local");
        CliTest.Run l = CliTest.run("study", "--benchmarks", "german-credit/mlp", "--approaches", "finetune,care",
                "--seeds", "2", "--threads", "1", "--out", local.toString());
        assertThat(l.exit()).as(l.err()).isZero();
    }

    /** A Spark study folder with the local study's plan and originals, no cells yet. */
    private static Path sparkStudy(Path tmp) throws IOException {
        Path spark = Files.createDirectories(tmp.resolve("spark"));
        Files.copy(local.resolve("plan.json"), spark.resolve("plan.json"));
        SparkStudyTest.copyTree(local.resolve("originals"), spark.resolve("originals"));
        return spark;
    }

    @Test
    void aKilledDriverResumesFromTheFinishedCells(@TempDir Path tmp) throws Exception {
        Path spark = sparkStudy(tmp);
        Process driver = driver(null, "local[2]", spark, tmp.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (cellFiles(spark).size() < 1 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        driver.waitFor(30, TimeUnit.SECONDS);
        int finished = cellFiles(spark).size();
        assertThat(finished).as(Files.readString(tmp.resolve("killed.log"))).isBetween(1, 3);

        Process again = driver(null, "local[2]", spark, tmp.resolve("resumed.log"));
        assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(tmp.resolve("resumed.log"));
        assertThat(again.exitValue()).as(log).isZero();
        assertThat(log).contains("= 4 cells (" + finished + " finished already), engine spark");
        assertThat(cellFiles(spark)).hasSize(4);
        assertThat(StudyCommandTest.withoutMachineLoad(spark)).isEqualTo(StudyCommandTest.withoutMachineLoad(local));
    }

    @Test
    void aCellWhoseExecutorDiesIsRedoneOnceElsewhere(@TempDir Path tmp) throws Exception {
        Path spark = sparkStudy(tmp);
        Path home = sparkHome(tmp.resolve("spark-home"));
        Process driver = driver(home, "local-cluster[2,1,1024]", spark, tmp.resolve("driver.log"));
        boolean killed = false;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        while (driver.isAlive() && System.nanoTime() < deadline) {
            if (!killed) {
                Optional<ProcessHandle> busy = driver.descendants().filter(p -> commandLine(p).contains(EXECUTOR))
                        .filter(e -> e.descendants().anyMatch(c -> commandLine(c).contains("CellMain"))).findFirst();
                if (busy.isPresent()) {
                    killed = busy.get().destroyForcibly();
                }
            }
            driver.waitFor(20, TimeUnit.MILLISECONDS);
        }
        if (driver.isAlive()) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        deleteLinks(home.resolve("jars")); // JUnit would warn of each link to a file outside its folder
        String log = Files.readString(tmp.resolve("driver.log"));
        assertThat(killed).as("an executor was killed mid-cell; driver log:%n%s", log).isTrue();
        assertThat(driver.exitValue()).as(log).isZero();
        assertThat(log).contains("engine spark").containsPattern("\\(4 tasks reported\\), [1-9]\\d* failed task attempts retried");
        assertThat(cellFiles(spark))
                .containsExactly("care-seed0.json", "care-seed1.json", "finetune-seed0.json", "finetune-seed1.json");
        assertThat(StudyCommandTest.withoutMachineLoad(spark)).isEqualTo(StudyCommandTest.withoutMachineLoad(local));
    }

    /** The file names under cells/, sorted: a temporary or duplicate file would show here. */
    private static List<String> cellFiles(Path study) throws IOException {
        if (!Files.isDirectory(study.resolve("cells"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(study.resolve("cells"))) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A study driver on {@code master} in a JVM of its own, so its cluster's executors are its descendants and its
     * environment ours ({@code sparkHome} for a local cluster's workers, or null).
     */
    private static Process driver(Path sparkHome, String master, Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(CellWorker.jvmFlags());
        // the executors' class path is the Spark home's jars; Kintsugi's own classes are folders here
        String folders = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> Files.isDirectory(Path.of(e))).reduce((a, b) -> a + File.pathSeparator + b).orElse("");
        cmd.add("-Dspark.executor.extraClassPath=" + folders);
        cmd.add("-Dspark.task.maxFailures=4");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "study",
                "--benchmarks", "german-credit/mlp", "--approaches", "finetune,care", "--seeds", "2", "--threads", "1",
                "--engine", "spark", "--master", master, "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (sparkHome != null) {
            pb.environment().put("SPARK_HOME", sparkHome.toString());
            pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        }
        return pb.start();
    }

    /** A Spark home the standalone workers launch executors from: jars/ links to every jar on the class path. */
    static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            Path link = jars.resolve(p.getFileName().toString());
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(link)) {
                Files.createSymbolicLink(link, p.toAbsolutePath());
            }
        }
        return home;
    }

    private static void deleteLinks(Path dir) throws IOException {
        try (Stream<Path> links = Files.list(dir)) {
            for (Path link : links.toList()) {
                Files.delete(link);
            }
        }
    }

    /** The process's command line, from /proc where there is one (ProcessHandle.Info leaves long ones out). */
    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }
}
