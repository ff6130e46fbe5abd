package dev.kintsugi.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, from Linux's /proc (0 where it is not available). */
public final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");
    /** USER_HZ, which Linux fixes at 100 for /proc on every architecture Kintsugi runs on. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** Peak resident set size so far (VmHWM), in bytes. */
    public static long peakRssBytes() {
        return read("VmHWM:");
    }

    /**
     * Resets the peak resident set size (VmHWM) to the current one, so a long-lived process can measure the peak of
     * each task it runs (Linux 4.0 and later: writing 5 to /proc/self/clear_refs); does nothing where unsupported.
     */
    public static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not allowed: the peak then covers the process so far, which is still an upper bound.
        }
    }

    /** Current resident set size (VmRSS), in bytes. */
    public static long currentRssBytes() {
        return read("VmRSS:");
    }

    /** Minor page faults of this process so far (minflt of /proc/self/stat); 0 where unknown. */
    public static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Kernel-mode CPU time of this process so far, all threads (stime of /proc/self/stat), in seconds; 0 where unknown. */
    public static double systemCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may hold spaces; stime is field 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long read(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    String kb = line.substring(key.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
