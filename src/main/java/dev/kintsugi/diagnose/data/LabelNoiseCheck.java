package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.report.Charts;
import dev.kintsugi.report.ImageGrid;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Label noise in the training split by confident learning ({@link ConfidentLearning}) on cross-validated
 * probabilities ({@link OutOfSampleProbabilities}). Reports the confident joint, the estimated noise rate
 * and the flagged samples ranked by self-confidence with a suggested label; the top suspects as images.
 * Which samples are flagged is one of cleanlab's filters ({@link ConfidentLearning.Filter}); precision rises
 * with the probe's accuracy (on 20% symmetric noise in Fashion-MNIST: 0.73 with the default 2-epoch LeNet-5
 * and prune-by-noise-rate, 0.815 at recall 0.93 with {@code both} and two 5-epoch cosine LeNet-5s averaged
 * per fold, see docs/BENCHMARKS.md).
 */
public final class LabelNoiseCheck implements DataCheck {
    public static final String NAME = "label-noise";
    /** Metric key of the flagged samples ({@code List<ConfidentLearning.Suspect>}, indices into the train split). */
    public static final String SUSPECTS = "suspects";
    static final int GRID = 32;
    static final int TABLE = 50;

    private final SharedPredictions predictions;
    private final ConfidentLearning.Filter filter;

    public LabelNoiseCheck(SharedPredictions predictions) {
        this(predictions, ConfidentLearning.Filter.PRUNE_BY_NOISE_RATE);
    }

    public LabelNoiseCheck(SharedPredictions predictions, ConfidentLearning.Filter filter) {
        this.predictions = predictions;
        this.filter = filter;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Likely mislabelled training samples by confident learning on " + predictions.settings().folds()
                + "-fold out-of-sample probabilities.";
    }

    @Override
    public CheckResult run(DataCheckContext context) {
        long start = System.nanoTime();
        Dataset train = context.splits().train();
        OutOfSampleProbabilities.Result oos = predictions.get(context);
        ConfidentLearning.Result cl = ConfidentLearning.findLabelIssues(oos.predictions(), filter);
        List<ConfidentLearning.Suspect> suspects = new ArrayList<>();
        for (ConfidentLearning.Suspect s : cl.suspects()) {
            suspects.add(new ConfidentLearning.Suspect(oos.indices()[s.index()], s.givenLabel(), s.suggestedLabel(),
                    s.selfConfidence(), s.suggestedConfidence()));
        }
        int checked = oos.data().size();
        double flaggedRate = (double) suspects.size() / checked;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("samplesChecked", checked);
        metrics.put("folds", predictions.settings().folds());
        metrics.put("architecture", oos.architecture());
        metrics.put("epochs", predictions.settings().probe().config().epochs());
        metrics.put("probeSchedule", predictions.settings().probe().config().schedule());
        metrics.put("probeSeeds", predictions.settings().seeds());
        metrics.put("outOfSampleAccuracy", oos.predictions().accuracy());
        metrics.put("thresholds", cl.thresholds());
        metrics.put("confidentJoint", cl.confidentJoint());
        metrics.put("calibratedJoint", cl.calibratedJoint());
        metrics.put("estimatedNoiseRate", cl.estimatedNoiseRate());
        metrics.put("flagged", suspects.size());
        metrics.put("flaggedRate", flaggedRate);
        metrics.put("filter", filter.cliName());
        metrics.put("ranking", "self-confidence, lowest first");
        metrics.put(SUSPECTS, suspects);
        List<Finding> findings = List.of(finding(suspects, checked, cl.estimatedNoiseRate(),
                oos.predictions().accuracy(), train));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new CheckResult(NAME, findings, metrics, section -> report(section, train, oos, cl, suspects), seconds);
    }

    /**
     * Whether a probe with this out-of-sample accuracy, flagging this share, can tell wrong labels from hard
     * samples. It cannot when both hold: its flags are most of its own mistakes (so confident learning's
     * thresholds have filtered little: the flags are mostly "the probe disagrees with the label"), and it
     * also makes many mistakes it does not flag (at least half as many as it flags: it meets many samples
     * that are merely hard, and nothing sets the flagged ones apart from them). A probe whose mistakes are
     * nearly all flagged has few hard samples, so its mistakes are the wrong labels; one that flags a small
     * minority of its mistakes has separated them.
     */
    static boolean separates(double flaggedRate, double probeAccuracy) {
        double probeError = 1 - probeAccuracy;
        boolean mostOfItsMistakes = flaggedRate > 0.5 * probeError;
        boolean manyUnflaggedMistakes = probeError - flaggedRate >= 0.5 * flaggedRate;
        return !(mostOfItsMistakes && manyUnflaggedMistakes);
    }

    /** Wilson score interval (95%) of a binomial share: the flagged share's sampling uncertainty. */
    static double[] wilson95(int hits, int n) {
        if (n == 0) {
            return new double[]{0, 1};
        }
        double z = 1.959963984540054;
        double p = (double) hits / n;
        double denom = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return new double[]{Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    static Finding finding(List<ConfidentLearning.Suspect> suspects, int checked, double noiseRate,
                           double probeAccuracy, Dataset train) {
        double rate = (double) suspects.size() / checked;
        double[] ci = wilson95(suspects.size(), checked);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("flagged", suspects.size());
        details.put("estimatedNoiseRate", noiseRate);
        details.put("flaggedRateCi95", List.of(ci[0], ci[1]));
        details.put("probeAccuracy", probeAccuracy);
        if (rate > 0 && !separates(rate, probeAccuracy)) {
            // A false alarm otherwise: a weak probe's flags are mostly samples it merely gets wrong.
            details.put("conclusive", false);
            String problem = String.format(Locale.ROOT, "label noise not measured: the probe (%.1f%% accurate out of "
                    + "sample) is too weak to tell wrong labels from hard samples", 100 * probeAccuracy);
            String evidence = String.format(Locale.ROOT, "it flags %d of %d labels (%.1f%%, 95%% CI %.1f-%.1f%%), "
                            + "%.0f%% of the %.1f%% it gets wrong itself, so the share of wrong labels lies anywhere "
                            + "between 0%% and %.1f%%; confident learning's estimate %.1f%% has the same weakness",
                    suspects.size(), checked, 100 * rate, 100 * ci[0], 100 * ci[1],
                    100 * rate / (1 - probeAccuracy), 100 * (1 - probeAccuracy), 100 * ci[1], 100 * noiseRate);
            String fix = "measure it with a stronger probe on the whole training split: kintsugi data check "
                    + "--checks label-noise --filter both --probe-epochs 5 --probe-schedule cosine --probe-seeds 2";
            return new Finding(NAME, problem, Severity.INFO, evidence, fix, details);
        }
        details.put("conclusive", true);
        Severity severity = rate >= 0.05 ? Severity.PROBLEM : rate >= 0.01 ? Severity.WARNING : Severity.INFO;
        String problem = String.format(Locale.ROOT, "%d of %d training labels (%.1f%%, 95%% CI %.1f-%.1f%%) look wrong",
                suspects.size(), checked, 100 * rate, 100 * ci[0], 100 * ci[1]);
        // the probe's accuracy belongs to the evidence: its false flags are samples it gets wrong
        String evidence = String.format(Locale.ROOT, "confident learning estimates %.1f%% label noise; the probe's "
                + "out-of-sample accuracy is %.1f%%", 100 * noiseRate, 100 * probeAccuracy);
        if (!suspects.isEmpty()) {
            ConfidentLearning.Suspect top = suspects.get(0);
            evidence += String.format(Locale.ROOT, "; most suspect: #%d labelled %s, looks like %s (%.0f%%)",
                    top.index(), train.classNames().get(top.givenLabel()), train.classNames().get(top.suggestedLabel()),
                    100 * top.suggestedConfidence());
        }
        String fix = suspects.isEmpty() ? "" : "review the ranked list; or --fix remove (drop them) or --fix relabel "
                + "(take the suggested label) to write a corrected copy";
        return new Finding(NAME, problem, severity, evidence, fix, details);
    }

    private void report(Section section, Dataset train, OutOfSampleProbabilities.Result oos,
                               ConfidentLearning.Result cl, List<ConfidentLearning.Suspect> suspects) {
        List<String> names = train.classNames();
        section.paragraph("Confident learning (Northcutt et al. 2021) with cleanlab's defaults: out-of-sample "
                + "probabilities from " + oos.predictions().datasetName() + " (" + oos.architecture() + "), per-class "
                + "thresholds = mean self-confidence, calibrated confident joint, filter " + filter.cliName() + "; flagged samples "
                + "ranked by self-confidence (lowest first).");
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("samples checked", oos.data().size());
        kv.put("out-of-sample accuracy", String.format(Locale.ROOT, "%.4f", oos.predictions().accuracy()));
        kv.put("estimated noise rate", String.format(Locale.ROOT, "%.4f", cl.estimatedNoiseRate()));
        kv.put("flagged", suspects.size());
        kv.put("cross-validation seconds", String.format(Locale.ROOT, "%.1f", oos.seconds()));
        section.keyValues(kv);
        double[][] joint = new double[names.size()][names.size()];
        for (int i = 0; i < joint.length; i++) {
            for (int j = 0; j < joint.length; j++) {
                joint[i][j] = cl.calibratedJoint()[i][j];
            }
        }
        section.chart(Charts.heatmap("Calibrated confident joint", "given label", "likely true label", names, names,
                joint, true));
        Table table = Table.withHeaders("rank", "sample", "given", "suggested", "self-confidence", "suggested confidence")
                .decimals(3);
        for (int r = 0; r < Math.min(TABLE, suspects.size()); r++) {
            ConfidentLearning.Suspect s = suspects.get(r);
            table.row(r + 1, s.index(), names.get(s.givenLabel()), names.get(s.suggestedLabel()), s.selfConfidence(),
                    s.suggestedConfidence());
        }
        section.table(table.caption("Most likely mislabelled (" + Math.min(TABLE, suspects.size()) + " of "
                + suspects.size() + "; all are in the JSON)"));
        int[] shape = train.sampleShape();
        if (shape.length == 3 && !suspects.isEmpty()) {
            ImageGrid grid = ImageGrid.scaledBy(3);
            for (int r = 0; r < Math.min(GRID, suspects.size()); r++) {
                ConfidentLearning.Suspect s = suspects.get(r);
                grid.add(train.sample(s.index()), shape, String.format(Locale.ROOT, "#%d %s → %s?", s.index(),
                        names.get(s.givenLabel()), names.get(s.suggestedLabel())));
            }
            section.paragraph("Top suspects: given label → suggested label.");
            section.imageGrid(grid);
        }
    }
}
