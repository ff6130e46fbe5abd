package dev.kintsugi.repair;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Everything an approach may use: the train, valid and repair splits (never test), the repair split's
 * failing inputs (negatives) and passing inputs (positives) under the original model, a seed, a time
 * budget, approach options and the regression guard.
 */
public final class RepairContext {
    private final Dataset train;
    private final Dataset valid;
    private final Dataset repair;
    private final Dataset negatives;
    private final Dataset positives;
    private final long seed;
    private final Duration budget;
    private final Map<String, String> options;
    private final java.util.Set<String> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final RegressionGuard guard;
    private final PrintStream log;
    private final long deadlineNanos;
    private final dev.kintsugi.model.EpochHistory history;

    private RepairContext(Dataset train, Dataset valid, Dataset repair, Dataset negatives, Dataset positives, long seed,
                          Duration budget, Map<String, String> options, RegressionGuard guard, PrintStream log,
                          dev.kintsugi.model.EpochHistory history, long deadlineNanos) {
        this.train = train;
        this.valid = valid;
        this.repair = repair;
        this.negatives = negatives;
        this.positives = positives;
        this.seed = seed;
        this.budget = budget;
        this.options = new TreeMap<>(options);
        this.guard = guard;
        this.log = log;
        this.deadlineNanos = deadlineNanos;
        this.history = history;
    }

    /**
     * Prepares a repair of {@code original}: runs it once over the repair split to find negatives and
     * positives, and over the valid split for the guard.
     *
     * @param maxNfr regression budget in percent of the valid split, or null for none (the study's setting)
     */
    public static RepairContext prepare(Network original, Splits splits, long seed, Duration budget, Double maxNfr,
                                        Map<String, String> options, PrintStream log) {
        Predictions onRepair = Predictor.predict(original, splits.repair());
        int[] failing = IntStream.range(0, onRepair.size()).filter(i -> !onRepair.correct(i)).toArray();
        int[] passing = IntStream.range(0, onRepair.size()).filter(onRepair::correct).toArray();
        if (failing.length == 0) {
            throw new KintsugiException("the model has no failures on the repair split " + splits.repair().name()
                    + "; there is nothing to repair");
        }
        Dataset negatives = splits.repair().subset(splits.repair().name() + "/negatives", failing);
        Dataset positives = splits.repair().subset(splits.repair().name() + "/positives", passing);
        RegressionGuard guard = new RegressionGuard(maxNfr, splits.valid(), Predictor.predict(original, splits.valid()));
        return new RepairContext(splits.train(), splits.valid(), splits.repair(), negatives, positives, seed, budget,
                options, guard, log, null, System.nanoTime() + budget.toNanos());
    }

    /**
     * The same context (same guard, options and deadline) with the original model's training history, the
     * epoch before its last one, which {@code kintsugi train --keep-history} keeps; null for none.
     */
    public RepairContext withHistory(dev.kintsugi.model.EpochHistory value) {
        RepairContext c = new RepairContext(train, valid, repair, negatives, positives, seed, budget, options, guard, log,
                value, deadlineNanos);
        c.read.addAll(read);
        return c;
    }

    /** The original model's training history, if it was trained with {@code --keep-history}. */
    public java.util.Optional<dev.kintsugi.model.EpochHistory> history() {
        return java.util.Optional.ofNullable(history);
    }

    /** The inputs of {@code data} that {@code model} gets wrong, in order: the negatives an approach sees. */
    public static Dataset failing(dev.kintsugi.model.Classifier model, Dataset data) {
        Predictions p = Predictor.predict(model, data);
        return data.subset(data.name() + "/negatives", IntStream.range(0, p.size()).filter(i -> !p.correct(i)).toArray());
    }

    public Dataset train() {
        return train;
    }

    public Dataset valid() {
        return valid;
    }

    public Dataset repair() {
        return repair;
    }

    /** Repair-split inputs the original model gets wrong. */
    public Dataset negatives() {
        return negatives;
    }

    /** Repair-split inputs the original model gets right. */
    public Dataset positives() {
        return positives;
    }

    public long seed() {
        return seed;
    }

    public Duration budget() {
        return budget;
    }

    /** True once the time budget is spent; long searches check it between iterations. */
    public boolean outOfTime() {
        return System.nanoTime() > deadlineNanos;
    }

    /** What is left of the time budget (zero once spent), for work that can only be bounded from inside, as an LP. */
    public Duration timeLeft() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    public RegressionGuard guard() {
        return guard;
    }

    public PrintStream log() {
        return log;
    }

    public Map<String, String> options() {
        return options;
    }

    /** An approach option, or its default; every option read is recorded for provenance. */
    public String option(String key, String defaultValue) {
        read.add(key);
        return options.computeIfAbsent(key, k -> defaultValue);
    }

    /** Options the user set that the approach never read: typos or options of another approach. */
    public java.util.SortedSet<String> unreadOptions() {
        java.util.SortedSet<String> unread = new java.util.TreeSet<>(options.keySet());
        unread.removeAll(read);
        return unread;
    }

    /** Every option key read so far, set or defaulted. */
    public java.util.SortedSet<String> readOptions() {
        return new java.util.TreeSet<>(read);
    }

    public int intOption(String key, int defaultValue) {
        String v = option(key, Integer.toString(defaultValue));
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new KintsugiException("option " + key + "=" + v + " must be a whole number");
        }
    }

    public double doubleOption(String key, double defaultValue) {
        String v = option(key, Double.toString(defaultValue));
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new KintsugiException("option " + key + "=" + v + " must be a number");
        }
    }
}
