package dev.kintsugi.util;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether a stream is an interactive terminal, so progress can be drawn as a redrawn bar there and as plain
 * lines in a log file or CI. The JDK only says whether the process as a whole has a console, so on Linux the
 * answer comes from what file descriptor 1 or 2 points to. {@code KINTSUGI_PROGRESS=bar} or {@code plain}
 * overrides the guess.
 */
public final class Terminals {
    private Terminals() {
    }

    /** True when progress on {@code out} should be drawn as a bar. */
    public static boolean isTerminal(PrintStream out) {
        String forced = System.getenv("KINTSUGI_PROGRESS");
        if (forced != null && !forced.isBlank()) {
            return forced.trim().toLowerCase(Locale.ROOT).equals("bar");
        }
        if (out == System.err) {
            return fileDescriptorIsTerminal(2);
        }
        if (out == System.out) {
            return fileDescriptorIsTerminal(1);
        }
        return false; // a stream of the caller's (a test, a buffer): never a terminal
    }

    static boolean fileDescriptorIsTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.isSymbolicLink(link)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(link).toString());
            } catch (IOException | SecurityException e) {
                return System.console() != null;
            }
        }
        return System.console() != null; // not Linux: the JDK's whole-process answer
    }

    /** A pseudo-terminal or a console device, as opposed to a file, pipe or socket. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
