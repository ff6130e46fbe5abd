package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user wants from a repair, e.g. {@code "max RR, NFR <= 0.5, time <= 600"}: one goal (max ACC or RR, min
 * NFR, ASR or AAOD) and any number of limits on metrics ({@code <=} or {@code >=}; time in seconds).
 */
public record Objective(Metric goal, boolean maximise, List<Limit> limits) {
    private static final Pattern GOAL = Pattern.compile("(?i)\\s*(max|min)\\s+([a-z]+)\\s*");
    private static final Pattern LIMIT = Pattern.compile("(?i)\\s*([a-z]+)\\s*(<=|>=)\\s*([-+0-9.eE]+)\\s*");

    /** A limit on one metric. */
    public record Limit(Metric metric, boolean atMost, double value) {
        public boolean holds(double v) {
            return atMost ? v <= value : v >= value;
        }

        @Override
        public String toString() {
            return metric.label() + (atMost ? " <= " : " >= ") + value;
        }
    }

    public static Objective parse(String text) {
        Metric goal = null;
        boolean max = true;
        List<Limit> limits = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher g = GOAL.matcher(part);
            Matcher l = LIMIT.matcher(part);
            if (g.matches()) {
                if (goal != null) {
                    throw new KintsugiException("--objective has two goals; give one max or min, then limits");
                }
                goal = Metric.parse(g.group(2));
                max = g.group(1).equalsIgnoreCase("max");
                if (max != goal.higherIsBetter() || goal.isCost() || goal.name().startsWith("D")) {
                    throw new KintsugiException("--objective: " + g.group(1) + " " + g.group(2)
                            + " is not a goal; use max acc, max rr, min nfr, min asr or min aaod");
                }
            } else if (l.matches()) {
                try {
                    limits.add(new Limit(Metric.parse(l.group(1)), l.group(2).equals("<="), Double.parseDouble(l.group(3))));
                } catch (NumberFormatException e) {
                    throw new KintsugiException("--objective: '" + l.group(3) + "' is not a number");
                }
            } else {
                throw new KintsugiException("--objective: cannot read '" + part.strip()
                        + "'; write e.g. \"max RR, NFR <= 0.5, time <= 600\"");
            }
        }
        if (goal == null) {
            throw new KintsugiException("--objective needs a goal: max acc, max rr, min nfr, min asr or min aaod");
        }
        return new Objective(goal, max, List.copyOf(limits));
    }

    /** Every metric the objective reads. */
    public List<Metric> metrics() {
        List<Metric> m = new ArrayList<>(List.of(goal));
        limits.forEach(l -> {
            if (!m.contains(l.metric())) {
                m.add(l.metric());
            }
        });
        return m;
    }

    /** Whether every limit holds for the values {@code of} gives (null: unknown, so not feasible). */
    public boolean feasible(Function<Metric, Double> of) {
        for (Limit l : limits) {
            Double v = of.apply(l.metric());
            if (v == null || !l.holds(v)) {
                return false;
            }
        }
        return of.apply(goal) != null;
    }

    /** Larger is better: the goal's value, negated for a min goal. */
    public double score(double goalValue) {
        return maximise ? goalValue : -goalValue;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder((maximise ? "max " : "min ") + goal.label());
        limits.forEach(l -> s.append(", ").append(l));
        return s.toString();
    }
}
