package dev.kintsugi.study.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Approaches ranked for an objective by a study's measured evidence: per benchmark, each approach's means and
 * 95% intervals over seeds. Limits are judged on the mean; a limit that the interval straddles is marked
 * "uncertain", so a user sees when the evidence cannot tell.
 *
 * @param benchmark the benchmark the evidence comes from
 * @param approach  the approach
 * @param values    interval per metric the objective reads
 * @param feasible  whether every limit holds on the mean
 * @param uncertain limits whose interval straddles the limit's value
 */
public record Recommendation(String benchmark, String approach, Map<String, Interval> values, boolean feasible,
                             List<String> uncertain) {

    /** Every (benchmark, approach) with the goal measured, feasible ones first, each best first by the goal's mean. */
    public static List<Recommendation> rank(StudySummary summary, Objective objective, List<String> benchmarks) {
        List<Recommendation> out = new ArrayList<>();
        for (StudySummary.BenchmarkSummary b : summary.benchmarks()) {
            if (!benchmarks.isEmpty() && !benchmarks.contains(b.benchmark())) {
                continue;
            }
            for (StudySummary.Row r : b.rows()) {
                if (r.metric(objective.goal()) == null) {
                    continue;
                }
                Map<String, Interval> values = new LinkedHashMap<>();
                objective.metrics().forEach(m -> {
                    if (r.metric(m) != null) {
                        values.put(m.name(), r.metric(m));
                    }
                });
                List<String> uncertain = new ArrayList<>();
                for (Objective.Limit l : objective.limits()) {
                    Interval i = r.metric(l.metric());
                    if (i != null && i.n() >= 2 && i.lower() <= l.value() && l.value() <= i.upper()) {
                        uncertain.add(l.toString());
                    }
                }
                boolean feasible = objective.feasible(m -> r.metric(m) == null ? null : r.metric(m).mean());
                out.add(new Recommendation(b.benchmark(), r.approach(), values, feasible, uncertain));
            }
        }
        out.sort(Comparator.comparing((Recommendation x) -> !x.feasible())
                .thenComparing(x -> -objective.score(x.values().get(objective.goal().name()).mean())));
        return out;
    }

    /** One line: approach, benchmark, each value with its interval, and the verdict. */
    public String describe(Objective objective) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s on %s:", approach, benchmark));
        values.forEach((k, v) -> s.append(' ').append(Metric.valueOf(k).label()).append(' ').append(v).append(';'));
        s.append(feasible ? " meets the limits" : " misses a limit");
        if (!uncertain.isEmpty()) {
            s.append(" (uncertain: ").append(String.join(", ", uncertain)).append(')');
        }
        return s.toString();
    }
}
