package dev.kintsugi.train;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes: wall and whole-process CPU nanoseconds per phase, summed over the steps
 * a {@link Trainer} runs with {@link Trainer#phases(StepPhases)}. Process CPU time counts every thread (PyTorch's
 * OpenMP workers, the JVM's GC and JIT threads), so a phase whose CPU time runs far ahead of its wall time
 * has threads spinning or fighting (the calling thread's own CPU time is kept apart: with one PyTorch thread it is
 * the step's real work, and the rest is the JVM's JIT and GC threads); process CPU time also holds up when other processes share the CPUs, which wall time
 * does not. Reading the process clock is a system call (about a microsecond), so this is a profiling aid,
 * off unless asked for.
 */
public final class StepPhases {
    /** The phases of one step, in the order the trainer runs them. */
    public enum Phase {
        /** batch copy into a native array, augmentation, input noise */
        DATA,
        /** forward pass and loss */
        FORWARD,
        /** backward pass */
        BACKWARD,
        /** loss and accuracy read back to Java, listeners */
        READBACK,
        /** gradient clipping and the optimiser step */
        OPTIMISER,
        /** closing the batch's native arrays */
        RELEASE
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long[] wall = new long[Phase.values().length];
    private final long[] cpu = new long[Phase.values().length];
    private final long[] own = new long[Phase.values().length];
    private long steps;
    private long lastWall;
    private long lastCpu;
    private long lastOwn;

    /** Starts a step's clock. */
    void begin() {
        lastWall = System.nanoTime();
        lastCpu = OS.getProcessCpuTime();
        lastOwn = THREADS.getCurrentThreadCpuTime();
    }

    /** Charges the time since the last mark to {@code phase}. */
    void mark(Phase phase) {
        long w = System.nanoTime();
        long c = OS.getProcessCpuTime();
        long o = THREADS.getCurrentThreadCpuTime();
        wall[phase.ordinal()] += w - lastWall;
        cpu[phase.ordinal()] += c - lastCpu;
        own[phase.ordinal()] += o - lastOwn;
        lastWall = w;
        lastCpu = c;
        lastOwn = o;
    }

    void endStep() {
        steps++;
    }

    public long steps() {
        return steps;
    }

    /** Mean wall milliseconds per step of each phase, in phase order. */
    public Map<String, Double> wallMillisPerStep() {
        return perStep(wall);
    }

    /** Mean process CPU milliseconds (all threads) per step of each phase, in phase order. */
    public Map<String, Double> cpuMillisPerStep() {
        return perStep(cpu);
    }

    /** Mean CPU milliseconds per step of the thread that runs the trainer, per phase. */
    public Map<String, Double> threadCpuMillisPerStep() {
        return perStep(own);
    }

    private Map<String, Double> perStep(long[] nanos) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            out.put(p.name().toLowerCase(Locale.ROOT), steps == 0 ? 0 : nanos[p.ordinal()] / 1e6 / steps);
        }
        return out;
    }

    /** One line per phase: wall and CPU milliseconds per step. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s %12s %12s %16s%n", "phase",
                "wall ms/step", "CPU ms/step", "own thread ms"));
        Map<String, Double> w = wallMillisPerStep();
        Map<String, Double> c = cpuMillisPerStep();
        Map<String, Double> t = threadCpuMillisPerStep();
        double tw = 0;
        double tc = 0;
        double tt = 0;
        for (String k : w.keySet()) {
            s.append(String.format(Locale.ROOT, "%-10s %12.3f %12.3f %16.3f%n", k, w.get(k), c.get(k), t.get(k)));
            tw += w.get(k);
            tc += c.get(k);
            tt += t.get(k);
        }
        s.append(String.format(Locale.ROOT, "%-10s %12.3f %12.3f %16.3f  (%d steps)%n", "step", tw, tc, tt, steps));
        return s.toString();
    }
}
