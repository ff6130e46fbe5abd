package dev.kintsugi.study.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The ICSE 2026 study's findings, checked on this grid with 95% intervals over seeds. A finding is
 * "reproduced" on a benchmark only when the intervals separate; overlapping intervals are "not shown"
 * (which is not the same as contradicted), and a finding the grid cannot test says why.
 *
 * @param finding  the study's claim
 * @param verdict  {@code reproduced}, {@code partly}, {@code not shown}, {@code contradicted} or {@code not testable}
 * @param evidence per benchmark, the intervals behind the verdict
 */
public record StudyFindings(String finding, String verdict, List<String> evidence) {
    public static final String RANDOM = "random";

    public static List<StudyFindings> check(StudySummary summary) {
        return List.of(levelFinding(summary, "model-level approaches repair most", "model", Metric.RR),
                levelFinding(summary, "layer-level approaches break least", "layer", Metric.NFR),
                noOneWinsAll(summary), beatRandom(summary));
    }

    /** Pools the cells of one level against the cells of every other level. */
    private static StudyFindings levelFinding(StudySummary s, String claim, String level, Metric m) {
        List<String> evidence = new ArrayList<>();
        int yes = 0;
        int no = 0;
        int tested = 0;
        for (StudySummary.BenchmarkSummary b : s.benchmarks()) {
            double[] in = pool(b, r -> r.level().equals(level) && !r.approach().equals(RANDOM), m);
            double[] out = pool(b, r -> !r.level().equals(level) && !r.approach().equals(RANDOM), m);
            if (in.length < 2 || out.length < 2) {
                evidence.add(b.benchmark() + ": not testable (" + (in.length < 2 ? "no " + level + "-level cells"
                        : "no cells of other levels") + ")");
                continue;
            }
            tested++;
            Interval a = Interval.of(in);
            Interval o = Interval.of(out);
            boolean better = m.higherIsBetter() ? a.above(o) : o.above(a);
            boolean worse = m.higherIsBetter() ? o.above(a) : a.above(o);
            yes += better ? 1 : 0;
            no += worse ? 1 : 0;
            evidence.add(String.format(Locale.ROOT, "%s: %s %s-level %s vs %s others", b.benchmark(), m.label(), level,
                    a, o));
        }
        return new StudyFindings(claim, verdict(tested, yes, no), evidence);
    }

    private static StudyFindings noOneWinsAll(StudySummary s) {
        List<String> evidence = new ArrayList<>();
        int yes = 0;
        int tested = 0;
        int no = 0;
        for (StudySummary.BenchmarkSummary b : s.benchmarks()) {
            List<String> winners = new ArrayList<>();
            for (Metric m : StudySummary.RANKED) {
                b.rows().stream().filter(r -> r.metric(m) != null && !r.approach().equals(RANDOM))
                        .max((x, y) -> Double.compare(m.higherIsBetter() ? x.metric(m).mean() : -x.metric(m).mean(),
                                m.higherIsBetter() ? y.metric(m).mean() : -y.metric(m).mean()))
                        .ifPresent(r -> winners.add(m.label() + ": " + r.approach()));
            }
            if (winners.size() < 2) {
                evidence.add(b.benchmark() + ": not testable (fewer than two axes measured)");
                continue;
            }
            tested++;
            long distinct = winners.stream().map(w -> w.substring(w.indexOf(": ") + 2)).distinct().count();
            if (distinct > 1) {
                yes++;
            } else {
                no++;
            }
            evidence.add(b.benchmark() + ": best by mean, " + String.join(", ", winners));
        }
        return new StudyFindings("no approach wins every axis", verdict(tested, yes, no), evidence);
    }

    private static StudyFindings beatRandom(StudySummary s) {
        List<String> evidence = new ArrayList<>();
        int tested = 0;
        int yes = 0;
        int no = 0;
        for (StudySummary.BenchmarkSummary b : s.benchmarks()) {
            StudySummary.Row random = b.row(RANDOM);
            if (random == null || random.metric(Metric.RR) == null) {
                evidence.add(b.benchmark() + ": not testable (the random baseline is not in the grid)");
                continue;
            }
            List<String> above = new ArrayList<>();
            List<String> below = new ArrayList<>();
            List<String> overlap = new ArrayList<>();
            for (StudySummary.Row r : b.rows()) {
                if (r.approach().equals(RANDOM) || r.metric(Metric.RR) == null) {
                    continue;
                }
                Interval i = r.metric(Metric.RR);
                (i.above(random.metric(Metric.RR)) ? above : random.metric(Metric.RR).above(i) ? below : overlap)
                        .add(r.approach());
            }
            tested++;
            if (!above.isEmpty() && below.isEmpty() && overlap.isEmpty()) {
                yes++;
            } else if (above.isEmpty() && !below.isEmpty()) {
                no++;
            }
            evidence.add(String.format(Locale.ROOT, "%s: random RR %s; above it: %s; overlapping: %s; below: %s",
                    b.benchmark(), random.metric(Metric.RR), list(above), list(overlap), list(below)));
        }
        return new StudyFindings("approaches beat the random baseline (RR)", verdict(tested, yes, no), evidence);
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static double[] pool(StudySummary.BenchmarkSummary b, java.util.function.Predicate<StudySummary.Row> which,
                                 Metric m) {
        return b.rows().stream().filter(which).filter(r -> r.metric(m) != null)
                .flatMapToDouble(r -> java.util.Arrays.stream(r.metric(m).values())).toArray();
    }

    private static String verdict(int tested, int yes, int no) {
        if (tested == 0) {
            return "not testable";
        }
        if (yes == tested) {
            return "reproduced";
        }
        if (no == tested) {
            return "contradicted";
        }
        return yes > 0 ? "partly (" + yes + " of " + tested + " benchmarks)" : "not shown";
    }

    /** The verdicts as one line each, for the console. */
    public static String lines(List<StudyFindings> findings) {
        return findings.stream().map(f -> "  " + f.finding() + ": " + f.verdict()).collect(Collectors.joining("\n"));
    }
}
