package dev.kintsugi.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The instruction set the engine's oneDNN kernels use, which floating-point results depend on: the best the
 * CPU offers (from /proc/cpuinfo), capped by {@code ONEDNN_MAX_CPU_ISA} (or the older {@code DNNL_MAX_CPU_ISA})
 * when set. Recorded in provenance and printed by {@code kintsugi env}.
 */
public final class CpuIsa {
    /** oneDNN's x86 levels, lowest first, with the cpuinfo flags each needs. */
    private static final List<String> LEVELS = List.of("sse41", "avx", "avx2", "avx512_core");

    private CpuIsa() {
    }

    /** For example {@code "avx512_core"} or {@code "sse41 (ONEDNN_MAX_CPU_ISA=SSE41; cpu offers avx512_core)"}. */
    public static String describe() {
        String cpu = cpuBest();
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        String capName = "ONEDNN_MAX_CPU_ISA";
        if (cap == null) {
            cap = System.getenv("DNNL_MAX_CPU_ISA");
            capName = "DNNL_MAX_CPU_ISA";
        }
        if (cap == null || cap.isBlank()) {
            return cpu;
        }
        String capped = cap.toLowerCase(Locale.ROOT);
        int c = LEVELS.indexOf(cpu);
        int k = levelOf(capped);
        String used = c >= 0 && k >= 0 && k < c ? LEVELS.get(k) : cpu;
        return used + " (" + capName + "=" + cap + "; cpu offers " + cpu + ")";
    }

    private static int levelOf(String cap) {
        for (int i = LEVELS.size() - 1; i >= 0; i--) {
            if (cap.startsWith(LEVELS.get(i))) {
                return i;
            }
        }
        return cap.startsWith("avx512") ? LEVELS.size() - 1 : cap.startsWith("avx2") ? 2 : -1;
    }

    /** The best level the CPU's flags allow, or the architecture name off x86/Linux. */
    static String cpuBest() {
        Path info = Path.of("/proc/cpuinfo");
        String arch = System.getProperty("os.arch");
        if (!Files.isReadable(info)) {
            return arch;
        }
        try {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("flags")) {
                    Set<String> f = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    if (f.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
                        return "avx512_core";
                    }
                    if (f.contains("avx2")) {
                        return "avx2";
                    }
                    if (f.contains("avx")) {
                        return "avx";
                    }
                    return f.contains("sse4_1") ? "sse41" : arch;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable cpuinfo: fall back to the architecture name, provenance must not stop a run
        }
        return arch;
    }
}
