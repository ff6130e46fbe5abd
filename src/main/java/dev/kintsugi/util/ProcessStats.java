package dev.kintsugi.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, from Linux's /proc (0 where it is not available). */
public final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessStats() {
    }

    /** Peak resident set size so far (VmHWM), in bytes. */
    public static long peakRssBytes() {
        return read("VmHWM:");
    }

    /** Current resident set size (VmRSS), in bytes. */
    public static long currentRssBytes() {
        return read("VmRSS:");
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
