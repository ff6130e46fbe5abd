package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.StratifiedSplitter;
import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.report.Charts;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;
import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Too little data: a learning curve (valid accuracy of a {@link ProbeModel} trained on stratified 5%, 10%,
 * 25%, 50% and 100% of the training split, several seeds), the fitted {@link PowerLawFit} and the
 * extrapolated accuracy gain from doubling the training set. A gain of at least one point means more data
 * would still help noticeably.
 */
public final class LearningCurveCheck implements DataCheck {
    public static final String NAME = "learning-curve";
    public static final double[] FRACTIONS = {0.05, 0.10, 0.25, 0.50, 1.00};
    public static final int DEFAULT_SEEDS = 3;
    static final double WARN_GAIN = 0.01;

    private final ProbeModel probe;
    private final int seeds;

    public LearningCurveCheck(ProbeModel probe, int seeds) {
        if (seeds < 1) {
            throw new dev.kintsugi.KintsugiException("--curve-seeds must be at least 1, got " + seeds);
        }
        this.probe = probe;
        this.seeds = seeds;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Learning curve over 5%..100% of the training split, a fitted power law and the gain from doubling it.";
    }

    /** One trained point of the curve. */
    public record Point(double fraction, int samples, long seed, double accuracy) {
    }

    @Override
    public CheckResult run(DataCheckContext context) {
        long start = System.nanoTime();
        Dataset train = context.splits().train();
        Dataset valid = context.splits().valid();
        List<Point> points = new java.util.ArrayList<>();
        try (ProgressBar bar = ProgressBars.create("learning curve (" + probe.architectureFor(train) + ")",
                (long) FRACTIONS.length * seeds, context.log())) {
            for (double fraction : FRACTIONS) {
                for (int s = 0; s < seeds; s++) {
                    long seed = context.seed() + s;
                    Dataset part = fraction >= 1 ? train : train.subset(train.name() + " (" + fraction + ")",
                            StratifiedSplitter.partition(train.labels(), train.numClasses(), fraction, seed).first());
                    try (Network network = probe.train(part, seed)) {
                        points.add(new Point(fraction, part.size(), seed, Predictor.predict(network, valid).accuracy()));
                    }
                    bar.step();
                }
            }
        }
        double[] n = points.stream().mapToDouble(Point::samples).toArray();
        double[] acc = points.stream().mapToDouble(Point::accuracy).toArray();
        PowerLawFit fit = PowerLawFit.fit(n, acc);
        double gain = fit.gainFromDoubling(train.size());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("architecture", probe.architectureFor(train));
        metrics.put("epochs", probe.config().epochs());
        metrics.put("points", points);
        metrics.put("fit", fit);
        metrics.put("accuracyAtFullSize", fit.accuracy(train.size()));
        metrics.put("accuracyAtDoubleSize", fit.accuracy(2.0 * train.size()));
        metrics.put("gainFromDoubling", gain);
        Severity severity = gain >= WARN_GAIN ? Severity.WARNING : Severity.INFO;
        String problem = String.format(Locale.ROOT, severity == Severity.WARNING
                ? "more data would help: doubling the training set adds about %.1f accuracy points"
                : "the learning curve is flat: doubling the training set adds about %.1f accuracy points", 100 * gain);
        String evidence = String.format(Locale.ROOT, "power law %s with a=%.4f, b=%.4g, c=%.4f fitted to %d runs "
                + "(%s, %d epochs)", fit.model(), fit.a(), fit.b(), fit.c(), points.size(), probe.architectureFor(train),
                probe.config().epochs());
        String fix = severity == Severity.WARNING ? "collect or label more data, augment it, or start from a "
                + "pretrained model (transfer learning)" : "";
        Finding finding = new Finding(NAME, problem, severity, evidence, fix, Map.of("gainFromDoubling", gain));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new CheckResult(NAME, List.of(finding), metrics, section -> report(section, train, points, fit, gain),
                seconds);
    }

    private void report(Section section, Dataset train, List<Point> points, PowerLawFit fit, double gain) {
        section.paragraph(String.format(Locale.ROOT, "Valid accuracy of %s (%d epochs) trained on fractions of the "
                        + "training split, %d seeds each; fitted %s: a=%.4f, b=%.4g, c=%.4f. Extrapolated gain from "
                        + "doubling the training set (%d → %d): %+.2f points.", probe.architectureFor(train),
                probe.config().epochs(), seeds, fit.model(), fit.a(), fit.b(), fit.c(), train.size(), 2 * train.size(),
                100 * gain));
        Table table = Table.withHeaders("fraction", "samples", "mean accuracy", "min", "max", "power law").decimals(4);
        double[] xs = new double[FRACTIONS.length + 1];
        double[] measured = new double[FRACTIONS.length + 1];
        double[] fitted = new double[FRACTIONS.length + 1];
        for (int f = 0; f < FRACTIONS.length; f++) {
            double fraction = FRACTIONS[f];
            List<Point> at = points.stream().filter(p -> p.fraction() == fraction).toList();
            double mean = at.stream().mapToDouble(Point::accuracy).average().orElse(Double.NaN);
            double min = at.stream().mapToDouble(Point::accuracy).min().orElse(Double.NaN);
            double max = at.stream().mapToDouble(Point::accuracy).max().orElse(Double.NaN);
            int samples = at.isEmpty() ? 0 : at.get(0).samples();
            table.row(fraction, samples, mean, min, max, fit.accuracy(samples));
            xs[f] = samples;
            measured[f] = mean;
            fitted[f] = fit.accuracy(samples);
        }
        xs[FRACTIONS.length] = 2.0 * train.size();
        measured[FRACTIONS.length] = Double.NaN;
        fitted[FRACTIONS.length] = fit.accuracy(2.0 * train.size());
        section.table(table);
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("measured (mean over seeds)", measured);
        series.put("power law", fitted);
        section.chart(Charts.lineChart("Learning curve", "training samples", "valid accuracy", xs, series, List.of()));
    }
}
