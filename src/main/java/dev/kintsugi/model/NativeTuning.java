package dev.kintsugi.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Native settings that decide whether a training step runs at PyTorch's speed inside a JVM, applied once,
 * just before the PyTorch engine loads, so that a Java API user gets them without environment variables
 * (docs/BENCHMARKS.md, "Where the time goes", has the measurements behind each).
 *
 * <ul>
 *   <li><b>glibc malloc.</b> The JVM runs Java's main thread on a thread of its own, so every tensor PyTorch
 *   allocates comes from one of glibc's per-thread arenas, which give freed memory back to the kernel as soon as
 *   128 KiB lie free at the top of a heap. A training step frees its activations, gradients and the optimiser's
 *   temporaries, so the next step page-faults all of them in again: on a 2-core EPYC VM a third of a 1-thread
 *   MLP epoch went to page faults. Python's interpreter runs on the main thread, whose arena glibc tunes
 *   dynamically, so plain PyTorch never sees this. Kintsugi fixes the trim threshold at
 *   {@value #TRIM_THRESHOLD_MIB} MiB and the mmap threshold at {@value #MMAP_THRESHOLD_MIB} MiB with
 *   {@code mallopt}, which keeps a step's memory mapped between steps. {@code MALLOC_TRIM_THRESHOLD_} or
 *   {@code MALLOC_MMAP_THRESHOLD_} in the environment, or {@code -Dkintsugi.malloc=default}, leave glibc as it is.</li>
 *   <li><b>OpenMP waiting.</b> PyTorch's GNU OpenMP reads {@code OMP_WAIT_POLICY} and {@code GOMP_SPINCOUNT}
 *   from the C environment when its library loads; unless the user set either, Kintsugi puts
 *   {@code GOMP_SPINCOUNT} there first (see {@link #SPIN_COUNT}).</li>
 * </ul>
 *
 * Everything it did, or why it did not, is in {@link #report()}, which {@code kintsugi env} prints.
 */
public final class NativeTuning {
    static final int TRIM_THRESHOLD_MIB = 128;
    /** glibc's ceiling for a fixed mmap threshold on 64-bit (half its 64 MiB arena heap). */
    static final int MMAP_THRESHOLD_MIB = 32;
    /**
     * Spins an idle OpenMP worker makes before it sleeps on a futex. libgomp's default (300,000 when no policy
     * is set) keeps a worker spinning through the whole Java-side gap between two operators, which on a machine
     * with as many threads as cores takes the core from the JVM's GC and JIT threads and the Java thread itself;
     * {@code PASSIVE} (0) makes every operator wake its workers through the kernel, which costs the MLP step more
     * than it saves. This many spins (tens of microseconds) covers the gap between two back-to-back operators of
     * one step, then yields the core.
     */
    static final String SPIN_COUNT = "10000";
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    private static final Map<String, String> REPORT = new LinkedHashMap<>();
    private static final List<String> WARNINGS = new ArrayList<>();
    private static boolean applied;

    private NativeTuning() {
    }

    /** Applies the settings once; call before the PyTorch engine loads (Engines does). */
    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        if (!Platform.isLinux()) {
            REPORT.put("malloc", "platform default (only glibc's is tuned)");
            REPORT.put("openmp", "platform default");
            return;
        }
        tuneMalloc();
        tuneOpenMp();
    }

    private static void tuneMalloc() {
        if ("default".equals(System.getProperty("kintsugi.malloc"))) {
            REPORT.put("malloc", "glibc defaults (-Dkintsugi.malloc=default)");
            return;
        }
        if (getenv("MALLOC_TRIM_THRESHOLD_") != null || getenv("MALLOC_MMAP_THRESHOLD_") != null
                || getenv("GLIBC_TUNABLES") != null) {
            REPORT.put("malloc", "as the environment sets it (MALLOC_*_THRESHOLD_ or GLIBC_TUNABLES)");
            return;
        }
        try {
            Function mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
            boolean trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD_MIB << 20}) == 1;
            boolean mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD_MIB << 20}) == 1;
            REPORT.put("malloc", String.format(Locale.ROOT, "glibc, trim threshold %s, mmap threshold %s (set by Kintsugi)",
                    trim ? TRIM_THRESHOLD_MIB + " MiB" : "default (mallopt refused)",
                    mmap ? MMAP_THRESHOLD_MIB + " MiB" : "default (mallopt refused)"));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // not glibc (musl has no such knobs): nothing to tune
            REPORT.put("malloc", "C library default (no mallopt: " + e.getMessage() + ")");
        }
    }

    private static void tuneOpenMp() {
        String policy = getenv("OMP_WAIT_POLICY");
        String spin = getenv("GOMP_SPINCOUNT");
        if (policy == null && spin == null) {
            spin = setenv("GOMP_SPINCOUNT", SPIN_COUNT) ? SPIN_COUNT : null;
        }
        REPORT.put("omp wait", String.format(Locale.ROOT, "OMP_WAIT_POLICY=%s, GOMP_SPINCOUNT=%s%s",
                policy == null ? "(unset)" : policy, spin == null ? "(unset: libgomp's default)" : spin,
                policy == null && SPIN_COUNT.equals(spin) && System.getenv("GOMP_SPINCOUNT") == null
                        ? " (set by Kintsugi)" : ""));
    }

    /** The C environment's value (what native libraries read), which System.getenv does not see change. */
    static String getenv(String name) {
        try {
            com.sun.jna.Pointer p = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("getenv")
                    .invokePointer(new Object[] {name});
            return p == null ? null : p.getString(0);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return System.getenv(name);
        }
    }

    private static boolean setenv(String name, String value) {
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv")
                    .invokeInt(new Object[] {name, value, 0}) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /** What {@link #apply} set or found, one entry per subsystem, for {@code kintsugi env} and provenance. */
    public static synchronized Map<String, String> report() {
        return Map.copyOf(REPORT);
    }

    /** One-line warnings about slow configurations found at start (empty when none). */
    public static synchronized List<String> warnings() {
        return List.copyOf(WARNINGS);
    }
}
