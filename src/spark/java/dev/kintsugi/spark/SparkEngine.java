package dev.kintsugi.spark;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.study.grid.Cell;
import dev.kintsugi.study.grid.CellMain;
import dev.kintsugi.study.grid.CellResult;
import dev.kintsugi.study.grid.CellWorker;
import dev.kintsugi.study.grid.GridEngine;
import dev.kintsugi.study.grid.GridEngines;
import dev.kintsugi.study.grid.StudyFolder;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs each cell as a Spark task: the pending cells are parallelized one partition per cell, and each task runs
 * its cell in a {@link CellWorker} process of its own on the worker it landed on, against the study folder's absolute path, which
 * every worker must see (a shared disk). The task's child JVM is what bounds the cell: its threads (the plan's
 * threads per cell, set by {@link CellMain}), its heap and native memory (the flags in
 * {@value #CELL_JAVA_OPTIONS}), its hard limit, and PyTorch's process-wide random seed, which two cells running
 * in one executor JVM would otherwise share. A worker offers one task slot per {@code spark.task.cpus} cores,
 * which this engine sets to the plan's threads per cell unless the launch sets it.
 *
 * <p>Faults: a cell's file is written atomically by its process, so a task whose executor dies leaves either no
 * file or a complete one; Spark retries the task and the retry redoes the cell and overwrites the same file with
 * the same numbers, so a cell is never counted twice. A killed driver loses only the cells still running: the
 * study resumes from the files in the folder, as with the local engine.
 */
public final class SparkEngine implements GridEngine {
    /** Spark setting: the JVM flags of each cell's process (split at spaces). */
    public static final String CELL_JAVA_OPTIONS = "spark.kintsugi.cellJavaOptions";
    /** The launcher's heap and native-memory bounds, offline DJL. */
    static final String DEFAULT_CELL_JAVA_OPTIONS =
            "-Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true";

    private final String master;

    /** An engine for {@code master} ({@code local[N]}, {@code spark://host:7077} ...), or spark-submit's when null. */
    public SparkEngine(String master) {
        this.master = master;
    }

    @Override
    public String name() {
        return GridEngines.SPARK;
    }

    @Override
    public void run(StudyFolder folder, List<Cell> cells, Consumer<Cell> started, Consumer<CellResult> finished) {
        if (cells.isEmpty()) {
            return;
        }
        SparkConf conf = new SparkConf().setAppName("kintsugi study " + folder.root().getFileName());
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            throw new KintsugiException("--engine spark needs --master URL (local[N], spark://host:7077 ...) "
                    + "or a launch by spark-submit");
        }
        conf.setIfMissing("spark.task.cpus", Integer.toString(folder.plan().threadsPerCell()));
        // Cells are minutes long and read a shared folder: waiting for a "local" slot only delays them.
        conf.setIfMissing("spark.locality.wait", "0s");
        String root = folder.root().toAbsolutePath().toString();
        List<String> flags = Arrays.asList(conf.get(CELL_JAVA_OPTIONS, DEFAULT_CELL_JAVA_OPTIONS).trim().split("\\s+"));
        Set<Cell> reported = ConcurrentHashMap.newKeySet();
        Consumer<Cell> report = c -> {
            if (reported.add(c)) {
                finished.accept(folder.finished(c).orElseThrow(() ->
                        new KintsugiException("cell " + c.label() + " finished on Spark but " + folder.cellFile(c)
                                + " is not there; does every worker see " + root + "?")));
            }
        };
        try (JavaSparkContext sc = start(conf)) {
            sc.setLogLevel("WARN");
            // One partition per cell, so a task's index in its stage is its cell's index in the list.
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart e) {
                    started.accept(cells.get(e.taskInfo().index()));
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (e.taskInfo().successful()) {
                        report.accept(cells.get(e.taskInfo().index()));
                    }
                }
            });
            ArrayList<String> cellFlags = new ArrayList<>(flags);
            List<Cell> done = sc.parallelize(cells, cells.size())
                    .mapPartitions(it -> runCells(root, cellFlags, it)).collect();
            // The listener bus is asynchronous: whatever it has not reported yet is reported here, once.
            done.forEach(report);
        } catch (KintsugiException e) {
            throw e;
        } catch (Exception e) {
            // SparkException is checked in Java but thrown undeclared from Scala: caught as Exception.
            throw new KintsugiException("the Spark job failed: " + rootCause(e), e);
        }
    }

    private static JavaSparkContext start(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) {
            throw new KintsugiException("cannot start Spark at " + conf.get("spark.master") + ": " + rootCause(e), e);
        }
    }

    /**
     * The task: runs its cells (one) in a worker process of its own, logging to {@code logs/spark-PARTITION.log},
     * and returns them once their files are there.
     */
    static Iterator<Cell> runCells(String root, List<String> flags, Iterator<Cell> cells) {
        StudyFolder folder = StudyFolder.existing(Path.of(root));
        List<String> command = CellWorker.command(flags, classPath(), folder);
        List<Cell> done = new ArrayList<>();
        try (CellWorker worker = new CellWorker(folder, "spark-" + TaskContext.getPartitionId(), command)) {
            while (cells.hasNext()) {
                Cell c = cells.next();
                worker.run(c);
                done.add(c);
            }
        }
        return done.iterator();
    }

    /**
     * The class path a cell's process needs: this JVM's when Kintsugi is on it (local mode, tests), else the
     * Kintsugi jar Spark fetched for this executor (spark-submit), which holds everything but Spark.
     */
    static String classPath() {
        if (CellMain.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
            return System.getProperty("java.class.path");
        }
        try {
            return Path.of(CellMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            throw new KintsugiException("cannot find the Kintsugi jar of this executor: " + e.getMessage(), e);
        }
    }

    /** The innermost message, first line: Spark wraps a task's error in several layers of its own. */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return m.lines().findFirst().orElse(t.toString()).strip();
    }
}
