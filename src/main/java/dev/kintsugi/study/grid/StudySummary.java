package dev.kintsugi.study.grid;

import dev.kintsugi.repair.RepairRegistry;
import dev.kintsugi.study.rank.LetterDisplay;
import dev.kintsugi.study.rank.ScottKnottEsd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study's cells summarised per benchmark: each approach's mean and 95% interval over seeds on every axis, and
 * rank groups per axis by both procedures (Scott-Knott ESD, which cannot overlap, and the compact letter display
 * from Mann-Whitney tests with Holm's correction, which can, as the study's tables do).
 */
public record StudySummary(List<BenchmarkSummary> benchmarks) {
    public static final double ALPHA = 0.05;
    /** The axes that get rank groups. */
    public static final List<Metric> RANKED = List.of(Metric.ACC, Metric.RR, Metric.NFR, Metric.ASR, Metric.AAOD);

    /** One approach on one benchmark. */
    public record Row(String approach, String level, int cells, int ok, int timeOuts, int failed,
                      Map<String, Interval> metrics) {
        public Interval metric(Metric m) {
            return metrics.get(m.name());
        }
    }

    /**
     * One benchmark: the originals' own numbers (ACC, ASR, AAOD over seeds), a row per approach, and rank groups
     * per axis: {@code scottKnott} (metric → approach → group, 1 best) and {@code letters} (metric → approach →
     * letters, "a" holds the best).
     */
    public record BenchmarkSummary(String benchmark, String what, Map<String, Interval> originals, List<Row> rows,
                                   Map<String, Map<String, Integer>> scottKnott,
                                   Map<String, Map<String, String>> letters) {
        public Row row(String approach) {
            return rows.stream().filter(r -> r.approach().equals(approach)).findFirst().orElse(null);
        }
    }

    public static StudySummary of(StudyPlan plan, List<CellResult> cells) {
        List<BenchmarkSummary> out = new ArrayList<>();
        for (String b : plan.benchmarks()) {
            List<CellResult> mine = cells.stream().filter(c -> c.benchmark().equals(b)).toList();
            List<Row> rows = new ArrayList<>();
            for (String a : plan.approaches()) {
                List<CellResult> of = mine.stream().filter(c -> c.approach().equals(a)).toList();
                Map<String, Interval> metrics = new LinkedHashMap<>();
                for (Metric m : Metric.values()) {
                    double[] v = values(of, m);
                    if (v.length > 0) {
                        metrics.put(m.name(), Interval.of(v));
                    }
                }
                rows.add(new Row(a, RepairRegistry.get(a).level().name().toLowerCase(Locale.ROOT), of.size(),
                        (int) of.stream().filter(CellResult::ok).count(),
                        (int) of.stream().filter(c -> CellResult.TIME_OUT.equals(c.status())).count(),
                        (int) of.stream().filter(c -> CellResult.FAILED.equals(c.status())).count(), metrics));
            }
            Map<String, Map<String, Integer>> sk = new LinkedHashMap<>();
            Map<String, Map<String, String>> cld = new LinkedHashMap<>();
            for (Metric m : RANKED) {
                Map<String, double[]> samples = new LinkedHashMap<>();
                rows.forEach(r -> {
                    if (r.metric(m) != null) {
                        samples.put(r.approach(), r.metric(m).values());
                    }
                });
                if (samples.size() >= 2) {
                    sk.put(m.name(), ScottKnottEsd.ranks(samples, m.higherIsBetter(), ALPHA));
                    cld.put(m.name(), LetterDisplay.letters(samples, m.higherIsBetter(), ALPHA));
                }
            }
            out.add(new BenchmarkSummary(b, Benchmark.named(b).what(), originals(plan, mine), rows, sk, cld));
        }
        return new StudySummary(out);
    }

    /** The originals' ACC, ASR and AAOD per seed, read from the first finished cell of each seed. */
    private static Map<String, Interval> originals(StudyPlan plan, List<CellResult> cells) {
        List<Double> acc = new ArrayList<>();
        List<Double> aaod = new ArrayList<>();
        for (int s = 0; s < plan.seeds(); s++) {
            int seed = s;
            cells.stream().filter(c -> c.seed() == seed && c.accOriginal() != null).findFirst().ifPresent(c -> {
                acc.add(c.accOriginal());
                if (c.aaodOriginal() != null) {
                    aaod.add(c.aaodOriginal());
                }
            });
        }
        Map<String, Interval> m = new LinkedHashMap<>();
        if (!acc.isEmpty()) {
            m.put(Metric.ACC.name(), Interval.of(acc.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        if (!aaod.isEmpty()) {
            m.put(Metric.AAOD.name(), Interval.of(aaod.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return m;
    }

    static double[] values(List<CellResult> cells, Metric m) {
        return cells.stream().map(m::of).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
    }

    public BenchmarkSummary benchmark(String name) {
        return benchmarks.stream().filter(b -> b.benchmark().equals(name)).findFirst().orElse(null);
    }
}
