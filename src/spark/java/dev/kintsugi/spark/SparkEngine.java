package dev.kintsugi.spark;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.study.grid.CellMain;
import dev.kintsugi.study.grid.GridEngine;
import dev.kintsugi.study.grid.GridEngines;
import dev.kintsugi.study.grid.GridWork;
import dev.kintsugi.study.grid.GridWorker;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs each cell of a grid (a study's cells, a stability study's runs) as a Spark task: the pending cells are
 * parallelized one partition per cell, and each task runs its cell in a worker process ({@link GridWork#worker})
 * on the executor it landed on, against the grid folder's absolute path, which every worker must see (a shared
 * disk). An executor keeps its idle workers between tasks, so a study's cells pay the JVM's and PyTorch's start-up
 * once per executor slot, as on the local engine. The child JVM is what bounds the cell: its threads (the plan's
 * threads per cell), its heap and native memory (the flags in {@value #CELL_JAVA_OPTIONS}), its hard limit, and
 * PyTorch's process-wide random seed, which two cells running in one executor JVM would otherwise share. A worker
 * offers one task slot per {@code spark.task.cpus} cores, which this engine sets to the plan's threads per cell
 * unless the launch sets it.
 *
 * <p>Faults: a cell's file is written atomically by its process, so a task whose executor dies leaves either no
 * file or a complete one; the cell's process exits with its executor, Spark retries the task elsewhere, and the
 * retry redoes the cell and overwrites the same file with the same numbers, so a cell is never counted twice
 * ({@code SparkExecutorLossTest} kills an executor mid-cell). A killed driver loses only the cells still running:
 * the study resumes from the files in the folder, as with the local engine.
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
    public <C extends Serializable, R> void run(GridWork<C, R> work, List<C> cells, Consumer<C> started,
                                                 Consumer<R> finished) {
        if (cells.isEmpty()) {
            return;
        }
        SparkConf conf = new SparkConf().setAppName(work.describe());
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            throw new KintsugiException("--engine spark needs --master URL (local[N], spark://host:7077 ...) "
                    + "or a launch by spark-submit");
        }
        requireReachable(conf.get("spark.master"));
        conf.setIfMissing("spark.task.cpus", Integer.toString(work.threadsPerCell()));
        // Cells are minutes long and read a shared folder: waiting for a "local" slot only delays them.
        conf.setIfMissing("spark.locality.wait", "0s");
        List<String> flags = Arrays.asList(conf.get(CELL_JAVA_OPTIONS, DEFAULT_CELL_JAVA_OPTIONS).trim().split("\\s+"));
        Set<Integer> reported = ConcurrentHashMap.newKeySet();
        Map<Integer, Long> taskMillis = new ConcurrentHashMap<>();
        Consumer<Integer> report = i -> {
            if (reported.add(i)) {
                finished.accept(work.finished(cells.get(i)).orElseThrow(() ->
                        new KintsugiException(work.label(cells.get(i)) + " finished on Spark but its file is not "
                                + "there; does every worker see the folder?")));
            }
        };
        long jobStart = System.nanoTime();
        long[] firstTask = {0};
        AtomicInteger failedAttempts = new AtomicInteger();
        try (JavaSparkContext sc = start(conf)) {
            sc.setLogLevel("WARN");
            // One partition per cell, so a task's index in its stage is its cell's index in the list.
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart e) {
                    synchronized (firstTask) {
                        if (firstTask[0] == 0) {
                            firstTask[0] = System.nanoTime();
                        }
                    }
                    started.accept(cells.get(e.taskInfo().index()));
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (e.taskInfo().successful()) {
                        taskMillis.put(e.taskInfo().index(), e.taskInfo().duration());
                        report.accept(e.taskInfo().index());
                    } else {
                        failedAttempts.incrementAndGet();
                    }
                }
            });
            ArrayList<String> cellFlags = new ArrayList<>(flags);
            List<Integer> indices = java.util.stream.IntStream.range(0, cells.size()).boxed().toList();
            ArrayList<C> shipped = new ArrayList<>(cells);
            List<Integer> done = sc.parallelize(indices, cells.size())
                    .mapPartitions(it -> runCells(work, shipped, cellFlags, it)).collect();
            // The listener bus is asynchronous: whatever it has not reported yet is reported here, once.
            done.forEach(report);
        } catch (KintsugiException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            // SparkException is checked in Java but thrown undeclared from Scala: caught as Exception.
            throw new KintsugiException("the Spark job failed: " + rootCause(e), e);
        } finally {
            // a failed job too: in local mode its idle workers would otherwise outlive it in this JVM
            closeIdleWorkers(work);
        }
        // on a line of its own: the study's progress bar is still drawing on this stream without a newline
        System.err.println(System.lineSeparator() + overheadLine(cells.size(), (firstTask[0] == 0 ? System.nanoTime() : firstTask[0]) - jobStart,
                taskMillis.values(), failedAttempts.get()));
    }

    /**
     * What Spark itself cost, for {@code bench/spark.sh}: the start (context, executors) before the first task,
     * and the tasks' durations as Spark saw them, which include each cell's worker and cell time; and the task
     * attempts that failed (an executor lost, a worker without the data) and were retried.
     */
    static String overheadLine(int cells, long startNanos, java.util.Collection<Long> taskMillis, int failed) {
        double tasks = taskMillis.stream().mapToLong(Long::longValue).sum() / 1000.0;
        return String.format(java.util.Locale.ROOT, "spark: %d cells, %.1f s before the first task, %.1f s of task "
                + "time (%d tasks reported), %d failed task attempts retried", cells, startNanos / 1e9, tasks,
                taskMillis.size(), failed);
    }

    /**
     * A {@code spark://} master that refuses or does not answer a connection fails here in one line; Spark itself
     * would retry for a minute and then report only that its context was shut down.
     */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String failures = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new KintsugiException("--master " + master + ": no port number in " + hostPort);
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 5000);
                return;
            } catch (java.io.IOException e) {
                failures += (failures.isEmpty() ? "" : "; ") + hostPort + ": " + e.getMessage();
            }
        }
        throw new KintsugiException("cannot reach the Spark master " + master + " (" + failures + ")");
    }

    private static JavaSparkContext start(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) {
            throw new KintsugiException("cannot start Spark at " + conf.get("spark.master") + ": " + rootCause(e), e);
        }
    }

    /** Idle workers of this executor JVM, per grid: a worker a task started runs a later task's cell too. */
    private static final Map<String, Deque<GridWorker<?, ?>>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger WORKERS = new AtomicInteger();

    /**
     * The task: runs its cells (one) in a worker process this executor keeps between tasks (so the JVM's and
     * PyTorch's start-up and the dataset reading are paid once per executor slot, as the local engine pays them
     * once per slot), logging to the work's folder, and returns their indices once their files are there. A
     * worker whose cell threw is closed, never reused.
     */
    @SuppressWarnings("unchecked")
    static <C extends Serializable, R> Iterator<Integer> runCells(GridWork<C, R> work, List<C> cells,
                                                                 List<String> flags, Iterator<Integer> indices) {
        Deque<GridWorker<?, ?>> idle = IDLE.computeIfAbsent(work.describe(), k -> new ConcurrentLinkedDeque<>());
        GridWorker<C, R> worker = (GridWorker<C, R>) idle.pollFirst();
        if (worker == null) {
            String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
            worker = work.worker("spark-" + executor + "-" + WORKERS.incrementAndGet(), flags, classPath());
        }
        List<Integer> done = new ArrayList<>();
        boolean healthy = false;
        try {
            while (indices.hasNext()) {
                int i = indices.next();
                worker.run(cells.get(i));
                done.add(i);
            }
            healthy = true;
        } finally {
            if (healthy) {
                idle.addFirst(worker);
            } else {
                worker.close();
            }
        }
        return done.iterator();
    }

    /**
     * Ends this JVM's idle workers of {@code work}: in local mode the driver is the executor, and its workers would
     * otherwise live on after the job. A cluster's executors end with the application, and their workers with them.
     */
    static void closeIdleWorkers(GridWork<?, ?> work) {
        Deque<GridWorker<?, ?>> idle = IDLE.remove(work.describe());
        if (idle != null) {
            idle.forEach(GridWorker::close);
        }
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
