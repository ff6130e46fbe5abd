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
 *   {@value #TRIM_THRESHOLD_MIB} MiB, the mmap threshold at {@value #MMAP_THRESHOLD_MIB} MiB and the top pad at
 *   {@value #TOP_PAD_MIB} MiB with {@code mallopt}, which keeps a step's memory mapped between steps (the pad
 *   stops glibc from unmapping a per-thread arena's whole heaps, which the threshold alone does not). {@code MALLOC_TRIM_THRESHOLD_} or
 *   {@code MALLOC_MMAP_THRESHOLD_} in the environment, or {@code -Dkintsugi.malloc=default}, leave glibc as it is.</li>
 *   <li><b>OpenMP waiting.</b> PyTorch's GNU OpenMP reads {@code OMP_WAIT_POLICY} and {@code GOMP_SPINCOUNT}
 *   from the C environment when its library loads; unless the user set either, Kintsugi puts
 *   {@code GOMP_SPINCOUNT} there first (see {@link #SPIN_COUNT}).</li>
 * </ul>
 *
 * Everything it did, or why it did not, is in {@link #report()}, which {@code kintsugi env} prints with the BLAS,
 * oneDNN and OpenMP runtime in force ({@link #runtime()}). What only the environment or the JVM's command line
 * can change, it checks at start and names in one line on stderr with the fix ({@link #warnings()}).
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
    /**
     * Free space glibc keeps at the top of a heap when it shrinks or drops one. The trim threshold alone does not
     * hold a per-thread arena's memory: when a whole 64 MiB secondary heap falls free, glibc's heap_trim unmaps
     * it whatever the threshold, keeping only this pad (128 KiB by default), so a step that frees its
     * activations still gives heaps back and faults them in again on the next step.
     */
    static final int TOP_PAD_MIB = 64;
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
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
        boolean loadedEarly = mapped("libtorch_cpu") != null; // its bundled libgomp has read the environment
        tuneMalloc();
        tuneOpenMp();
        checkSlowSettings(loadedEarly);
        for (String w : WARNINGS) {
            System.err.println("kintsugi: " + w);
        }
    }

    /**
     * Settings Kintsugi cannot change from inside the JVM, because the user set them or PyTorch read them
     * before Kintsugi could: each slow one becomes a one-line warning with its fix.
     */
    private static void checkSlowSettings(boolean loadedEarly) {
        int threads = Engines.threads();
        int cores = Runtime.getRuntime().availableProcessors();
        String policy = getenv("OMP_WAIT_POLICY");
        String spin = getenv("GOMP_SPINCOUNT");
        if (loadedEarly) {
            WARNINGS.add("PyTorch's natives were loaded before Kintsugi's engine set-up, so OpenMP waits as the"
                    + " environment says (OMP_WAIT_POLICY=" + (policy == null ? "unset" : policy) + ", GOMP_SPINCOUNT="
                    + (spin == null ? "unset" : spin) + "); load the engine through dev.kintsugi.model.Engines,"
                    + " or set GOMP_SPINCOUNT=" + SPIN_COUNT);
        }
        boolean spins = "ACTIVE".equalsIgnoreCase(policy) || longSpin(spin);
        if (spins && threads >= cores) {
            WARNINGS.add(String.format(Locale.ROOT, "%s with %d PyTorch threads on %d cores: OpenMP workers spin"
                    + " on the cores the JVM's Java, GC and JIT threads need; unset it (Kintsugi"
                    + " then sets GOMP_SPINCOUNT=%s) or train with --threads %d",
                    "ACTIVE".equalsIgnoreCase(policy) ? "OMP_WAIT_POLICY=ACTIVE" : "GOMP_SPINCOUNT=" + spin,
                    threads, cores, SPIN_COUNT, Math.max(1, cores - 1)));
        }
        if (threads > cores) {
            WARNINGS.add(String.format(Locale.ROOT, "%d PyTorch threads on %d cores: OpenMP threads will wait on each"
                    + " other; use --threads %d (or Engines.configureThreads(%d)) at most", threads, cores, cores, cores));
        }
    }

    private static boolean longSpin(String spin) {
        if (spin == null) {
            return false;
        }
        if (spin.equalsIgnoreCase("infinite") || spin.equalsIgnoreCase("infinity")) {
            return true;
        }
        try {
            return Long.parseLong(spin.trim()) > 1_000_000L;
        } catch (NumberFormatException e) {
            return false;
        }
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
            boolean pad = mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD_MIB << 20}) == 1;
            REPORT.put("malloc", String.format(Locale.ROOT, "glibc, trim threshold %s, mmap threshold %s, top pad %s"
                            + " (set by Kintsugi)",
                    trim ? TRIM_THRESHOLD_MIB + " MiB" : "default (mallopt refused)",
                    mmap ? MMAP_THRESHOLD_MIB + " MiB" : "default (mallopt refused)",
                    pad ? TOP_PAD_MIB + " MiB" : "default (mallopt refused)"));
        } catch (LinkageError | RuntimeException e) {
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
        } catch (LinkageError | RuntimeException e) {
            return System.getenv(name);
        }
    }

    private static boolean setenv(String name, String value) {
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv")
                    .invokeInt(new Object[] {name, value, 0}) == 0;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /**
     * The native runtime in force, for {@code kintsugi env}: the BLAS, oneDNN and OpenMP that PyTorch runs on,
     * and how OpenMP waits and malloc returns memory. Starts the engine.
     */
    public static Map<String, String> runtime() {
        Engines.engine();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("cpu", cpuModel());
        String torch = mapped("libtorch_cpu");
        out.put("blas", blas(torch));
        String isa = getenv("ONEDNN_MAX_CPU_ISA");
        out.put("onednn", "bundled in libtorch_cpu (convolutions, batch norm); ONEDNN_MAX_CPU_ISA="
                + (isa == null ? "unset (all the CPU has: " + isaFlags() + ")" : isa));
        String gomp = mapped("libgomp");
        String iomp = mapped("libiomp");
        out.put("openmp", gomp != null ? "GNU libgomp, " + gomp : iomp != null ? "Intel OpenMP, " + iomp : "none mapped");
        out.put("op threads", String.format(Locale.ROOT, "%d intra-op, %s inter-op, of %d cores", Engines.threads(),
                System.getProperty("ai.djl.pytorch.num_interop_threads", "default"),
                Runtime.getRuntime().availableProcessors()));
        Map<String, String> tuning = report();
        out.put("omp wait", tuning.getOrDefault("omp wait", "not set up"));
        out.put("malloc", tuning.getOrDefault("malloc", "not set up"));
        return out;
    }

    /** MKL's version string from the PyTorch library, when MKL is in it. */
    private static String blas(String torchLibrary) {
        if (torchLibrary == null) {
            return "unknown (libtorch_cpu not mapped)";
        }
        try {
            Function version = NativeLibrary.getInstance(torchLibrary).getFunction("MKL_Get_Version_String");
            byte[] buf = new byte[256];
            version.invokeVoid(new Object[] {buf, buf.length});
            String v = new String(buf, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").trim();
            String vendor = cpuModel().toUpperCase(Locale.ROOT).contains("AMD")
                    ? "; on AMD CPUs MKL takes its non-Intel code path (profiles show mkl_blas_def_sgemm_kernel_0_zen)" : "";
            return v + ", linked into libtorch_cpu" + vendor;
        } catch (LinkageError | RuntimeException e) {
            return "not MKL (" + e.getMessage() + ")";
        }
    }

    private static String cpuModel() {
        for (String line : cpuinfo()) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    private static String isaFlags() {
        for (String line : cpuinfo()) {
            if (line.startsWith("flags")) {
                java.util.Set<String> flags = new java.util.HashSet<>(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                return flags.contains("avx512f") ? (flags.contains("avx512_bf16") ? "AVX-512 with BF16" : "AVX-512")
                        : flags.contains("avx2") ? "AVX2" : "no AVX2";
            }
        }
        return "unknown";
    }

    private static List<String> cpuinfo() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"));
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** Path of the first mapped library whose file name contains {@code name}, or null. */
    static String mapped(String name) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.startsWith("/") && f.substring(f.lastIndexOf('/') + 1).contains(name))
                    .findFirst().orElse(null);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
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
