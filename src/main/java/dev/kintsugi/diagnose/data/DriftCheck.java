package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.model.Network;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Has the data moved? Compares a new dataset ({@code --against}, or by default the test split) with the
 * training split.
 * <ul>
 *   <li>Tabular data: per feature, the Kolmogorov-Smirnov test and the population stability index
 *       ({@link FeatureDrift}); the alarm is the smallest Benjamini-Hochberg adjusted p-value below alpha
 *       (Bonferroni values are reported too).</li>
 *   <li>Images with a model: MMD with an RBF kernel on the model's penultimate-layer features
 *       ({@link MaximumMeanDiscrepancy}), permutation p-value.</li>
 *   <li>Images without a model (the default then): a domain classifier on the pixels
 *       ({@link DomainClassifierTest}). It is the default because it learns where the two samples differ,
 *       whereas an RBF kernel on raw pixels has its bandwidth set by overall image distances: on
 *       Fashion-MNIST (500 test images a side, one trial) MMD on pixels gave p = 0.17 for Gaussian noise of
 *       std 0.08, which the domain classifier flagged with held-out AUC 0.97.</li>
 * </ul>
 * Images are compared on at most {@code maxSamples} random samples from each side.
 */
public final class DriftCheck implements DataCheck {
    public static final String NAME = "drift";

    private final DriftSettings settings;

    public DriftCheck() {
        this(DriftSettings.defaults());
    }

    public DriftCheck(DriftSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "distribution shift between the training split and a new dataset (--against, else the test split)";
    }

    @Override
    public CheckResult run(DataCheckContext context) {
        long start = System.nanoTime();
        Dataset reference = context.splits().train();
        Dataset current = context.againstDataset().orElse(context.splits().test());
        context.log().println("drift: " + reference.name() + " against " + current.name());
        DriftOutcome outcome = compare(reference, current, context.model(), context.seed());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("reference", outcome.reference());
        metrics.put("current", outcome.current());
        metrics.put("method", outcome.method());
        metrics.put("alpha", outcome.alpha());
        metrics.put("pValue", outcome.pValue());
        metrics.put("alarm", outcome.alarm());
        if (outcome.test() != null) {
            metrics.put("statistic", outcome.test().statistic());
            metrics.put("test", outcome.test().details());
        } else {
            metrics.put("correction", "Benjamini-Hochberg over " + outcome.features().size() + " features (Bonferroni also"
                    + " reported)");
            metrics.put("featuresAlarmed", outcome.featuresAlarmed());
            metrics.put("featuresPsiModerate", outcome.featuresWithPsiAtLeast(PopulationStabilityIndex.MODERATE));
            metrics.put("featuresPsiMajor", outcome.featuresWithPsiAtLeast(PopulationStabilityIndex.MAJOR));
            metrics.put("features", outcome.features());
        }
        return new CheckResult(NAME, List.of(finding(outcome)), metrics, section -> DriftSections.add(section, outcome),
                (System.nanoTime() - start) / 1e9);
    }

    /** Compares {@code current} with {@code reference}; {@code model} may be null. */
    public DriftOutcome compare(Dataset reference, Dataset current, Network model, long seed) {
        if (!Arrays.equals(reference.sampleShape(), current.sampleShape())) {
            throw new KintsugiException("cannot compare " + current.name() + " with " + reference.name()
                    + ": sample shapes " + Arrays.toString(current.sampleShape()) + " and "
                    + Arrays.toString(reference.sampleShape()) + " differ");
        }
        if (reference.size() < 4 || current.size() < 4) {
            throw new KintsugiException("drift needs at least 4 samples on each side (" + reference.name() + ": "
                    + reference.size() + ", " + current.name() + ": " + current.size() + ")");
        }
        if (reference.sampleShape().length != 3) {
            List<FeatureDrift.Row> rows = FeatureDrift.compare(reference, current, PopulationStabilityIndex.DEFAULT_BINS);
            double minQ = rows.stream().mapToDouble(FeatureDrift.Row::q).min().orElse(1);
            return new DriftOutcome(reference.name(), current.name(), "ks+psi", settings.alpha(), minQ,
                    minQ < settings.alpha(), rows, null);
        }
        Dataset ref = subsample(reference, settings.maxSamples(), seed);
        Dataset cur = subsample(current, settings.maxSamples(), seed + 1);
        String method = settings.imageMethod().equals("auto")
                ? (model != null ? "mmd" : "domain-classifier") : settings.imageMethod();
        TwoSampleResult test;
        if (method.equals("mmd")) {
            if (model == null) {
                throw new KintsugiException("MMD drift on images needs a model (--model) for its embeddings");
            }
            float[] x = DuplicateFinder.embeddings(model, ref);
            float[] y = DuplicateFinder.embeddings(model, cur);
            test = MaximumMeanDiscrepancy.test(x, y, x.length / ref.size(), settings.permutations(), seed);
        } else {
            test = DomainClassifierTest.test(ref, cur, settings.epochs(), seed);
        }
        return new DriftOutcome(reference.name(), current.name(), method, settings.alpha(), test.pValue(),
                test.pValue() < settings.alpha(), List.of(), test);
    }

    private Finding finding(DriftOutcome o) {
        String pair = o.current() + " vs " + o.reference();
        Map<String, Object> details = Map.of("method", o.method(), "pValue", o.pValue(), "alpha", o.alpha());
        if (o.test() != null) {
            String evidence = String.format(java.util.Locale.ROOT, "%s: statistic %.4g, p = %.3g (alpha %.3g)", o.method(),
                    o.test().statistic(), o.pValue(), o.alpha());
            return o.alarm()
                    ? new Finding(NAME, "the data has drifted: " + pair, Severity.PROBLEM, evidence,
                    "collect training data like the new data, or fine-tune on it; check for preprocessing changes",
                    details)
                    : new Finding(NAME, "no drift detected: " + pair, Severity.INFO, evidence, "", details);
        }
        long major = o.featuresWithPsiAtLeast(PopulationStabilityIndex.MAJOR);
        long moderate = o.featuresWithPsiAtLeast(PopulationStabilityIndex.MODERATE);
        String evidence = String.format(java.util.Locale.ROOT,
                "%d of %d features with BH-adjusted KS p < %.3g (smallest %.3g); PSI >= 0.25 in %d, >= 0.1 in %d",
                o.featuresAlarmed(), o.features().size(), o.alpha(), o.pValue(), major, moderate);
        if (o.alarm() || major > 0) {
            return new Finding(NAME, "features have drifted: " + pair, o.alarm() && major > 0 ? Severity.PROBLEM
                    : Severity.WARNING, evidence, "look at the drifted features' sources; retrain on recent data",
                    details);
        }
        if (moderate > 0) {
            return new Finding(NAME, "no significant drift, but PSI shows a moderate shift: " + pair, Severity.WARNING,
                    evidence, "watch the features with PSI >= 0.1 as more data arrives", details);
        }
        return new Finding(NAME, "no drift detected: " + pair, Severity.INFO, evidence, "", details);
    }

    /** At most {@code max} samples, a seeded random subset in ascending order; all of them if fewer. */
    static Dataset subsample(Dataset data, int max, long seed) {
        if (data.size() <= max) {
            return data;
        }
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, max);
        Arrays.sort(chosen);
        return data.subset(data.name(), chosen);
    }
}
