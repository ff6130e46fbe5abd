package dev.kintsugi.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that starts DJL's PyTorch engine. Threads and offline mode must be set before the engine
 * loads, because PyTorch reads them once; thread count changes floating-point results, so it is part of
 * every run's provenance.
 */
public final class Engines {
    /** Default: all cores, or the {@code kintsugi.threads} system property (the test suite uses 1). */
    private static volatile int threads = Integer.getInteger("kintsugi.threads",
            Runtime.getRuntime().availableProcessors());
    private static volatile boolean started;

    private Engines() {
    }

    /** Sets the intra-op thread count; before the engine starts, or in place once it has. */
    public static synchronized void configureThreads(int count) {
        if (count < 1) {
            throw new dev.kintsugi.KintsugiException("--threads must be at least 1, got " + count);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (count > 4 * cores) {
            // thousands of threads on a few cores only thrash (2000 hung a run); more than 4x never helps
            System.err.println("WARNING: --threads " + count + " is far above the " + cores + " cores here; using "
                    + 4 * cores);
            count = 4 * cores;
        }
        threads = count;
        if (started) {
            JniUtils.setNumThreads(count);
        } else {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(count));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** The PyTorch engine, started offline on first use: Kintsugi never downloads at run time. */
    public static synchronized Engine engine() {
        if (!started) {
            if (System.getProperty("ai.djl.offline") == null && System.getenv("KINTSUGI_ONLINE") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            System.setProperty("OPT_OUT_TRACKING", "true");
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
                configureThreads(threads);
            }
            NativeTuning.apply(); // malloc and OpenMP settings PyTorch reads as it loads
            Engine e = Engine.getEngine("PyTorch");
            started = true;
            return e;
        }
        return Engine.getEngine("PyTorch");
    }

    /** Seeds PyTorch's generator (initialisation, dropout) for reproducible runs. */
    public static void seed(long seed) {
        engine().setRandomSeed((int) seed);
    }

    public static int threads() {
        return threads;
    }

    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    public static String pytorchVersion() {
        return engine().getVersion();
    }
}
