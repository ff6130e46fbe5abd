package dev.kintsugi.model;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.ProcessStats;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Bounds the forward pass of a model from outside: one call may run at most {@link #timeout()} and
 * the process may not grow past {@link #memoryLimitBytes()} while it runs.
 *
 * <p>A forward pass runs inside libtorch and cannot be interrupted from Java, so when a bound is
 * broken the only safe stop is the whole process. Not through {@code System.exit} or even
 * {@code Runtime.halt}: both end in C's {@code exit()}, whose static destructors free libtorch's globals
 * under the call still in flight, and the JVM dies with SIGSEGV and an {@code hs_err_pid*.log}. The
 * watchdog prints one line and ends the process with SIGKILL (exit status 137), which runs nothing.
 */
public final class ForwardWatchdog {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 50;

    private static volatile Duration timeout = DEFAULT_TIMEOUT;
    private static volatile long memoryLimit = defaultMemoryLimit();
    private static volatile PrintStream err = System.err;
    private static final Map<Thread, Guard> ACTIVE = new ConcurrentHashMap<>();
    private static Thread watcher;

    private record Guard(String what, long deadlineNanos) {
    }

    private ForwardWatchdog() {
    }

    public static void timeout(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new KintsugiException("--model-timeout must be positive, got " + limit);
        }
        timeout = limit;
    }

    public static Duration timeout() {
        return timeout;
    }

    public static void memoryLimitBytes(long bytes) {
        if (bytes <= 0) {
            throw new KintsugiException("the model memory limit must be positive, got " + bytes);
        }
        memoryLimit = bytes;
    }

    public static long memoryLimitBytes() {
        return memoryLimit;
    }

    /** Runs {@code work} (a forward pass of {@code what}) under the bounds. */
    public static <T> T guard(String what, Supplier<T> work) {
        Thread self = Thread.currentThread();
        if (ACTIVE.containsKey(self)) {
            return work.get();
        }
        ensureWatcher();
        ACTIVE.put(self, new Guard(what, System.nanoTime() + timeout.toNanos()));
        try {
            return work.get();
        } finally {
            ACTIVE.remove(self);
        }
    }

    private static synchronized void ensureWatcher() {
        if (watcher != null) {
            return;
        }
        watcher = new Thread(ForwardWatchdog::watch, "kintsugi-forward-watchdog");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (ACTIVE.isEmpty()) {
                continue;
            }
            long now = System.nanoTime();
            long rss = ProcessStats.currentRssBytes();
            for (Guard g : ACTIVE.values()) {
                if (now - g.deadlineNanos > 0) {
                    stop(g.what + "'s forward pass ran longer than --model-timeout " + human(timeout)
                            + "; stopped (a model that loops forever, or raise --model-timeout)");
                }
                if (rss > memoryLimit) {
                    stop(g.what + "'s forward pass grew this process past " + (memoryLimit >> 20)
                            + " MiB of memory; stopped (a model that allocates without bound, or raise "
                            + "--model-memory)");
                }
            }
        }
    }

    private static void stop(String message) {
        err.println("kintsugi: " + message);
        err.flush();
        killNow();
    }

    /** Ends this process at once with SIGKILL: no shutdown hooks, no C static destructors. */
    public static void killNow() {
        System.out.flush();
        System.err.flush();
        // Java cannot raise SIGKILL on itself (sun.misc.Signal.raise only raises handled signals), so kill(1) does.
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(10_000);
        } catch (java.io.IOException | InterruptedException | RuntimeException e) {
            // no kill(1) here: the JVM's own exit is the next best thing
        }
        Runtime.getRuntime().halt(137);
    }

    /**
     * On SIGTERM, SIGINT or SIGHUP, ends the process without C's {@code exit()} (see the class comment):
     * a run stopped from outside, e.g. by a scheduler, in the middle of native work would otherwise crash
     * and leave an {@code hs_err_pid*.log} behind. Outputs are written atomically, so nothing half-written
     * is left in their place; hidden temporary siblings are cleaned on the next write.
     */
    public static void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    err.println("kintsugi: stopped by SIG" + sig.getName());
                    killNow();
                });
            } catch (IllegalArgumentException e) {
                // the JVM reserves this signal here (e.g. -Xrs): keep its own handling
            }
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Three quarters of the machine's memory (or 8 GiB where /proc is not readable). */
    static long defaultMemoryLimit() {
        long total = 0;
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = Long.parseLong(line.substring(9).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            total = 0;
        }
        return total > 0 ? total / 4 * 3 : 8L << 30;
    }
}
