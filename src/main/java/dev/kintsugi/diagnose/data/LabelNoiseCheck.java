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

    private static Finding finding(List<ConfidentLearning.Suspect> suspects, int checked, double noiseRate,
                                   double probeAccuracy, Dataset train) {
        double rate = (double) suspects.size() / checked;
        Severity severity = rate >= 0.05 ? Severity.PROBLEM : rate >= 0.01 ? Severity.WARNING : Severity.INFO;
        String problem = String.format(Locale.ROOT, "%d of %d training labels (%.1f%%) look wrong", suspects.size(),
                checked, 100 * rate);
        // a weak probe also flags samples that are merely hard, so its accuracy belongs to the evidence
        String evidence = String.format(Locale.ROOT, "confident learning estimates %.1f%% label noise; the probe's "
                + "out-of-sample accuracy is %.1f%%", 100 * noiseRate, 100 * probeAccuracy);
        if (rate > 0 && rate <= 1 - probeAccuracy) {
            // the flags fit inside the probe's own mistakes: they cannot be told apart from hard samples
            evidence += "; the probe gets more samples wrong than it flags, so many flags may be hard samples "
                    + "rather than wrong labels (a stronger probe separates them better: more --probe-epochs, "
                    + "--probe-schedule cosine, --probe-seeds 2; --filter both flags fewer, more precisely)";
        }
        if (!suspects.isEmpty()) {
            ConfidentLearning.Suspect top = suspects.get(0);
            evidence += String.format(Locale.ROOT, "; most suspect: #%d labelled %s, looks like %s (%.0f%%)",
                    top.index(), train.classNames().get(top.givenLabel()), train.classNames().get(top.suggestedLabel()),
                    100 * top.suggestedConfidence());
        }
        String fix = suspects.isEmpty() ? "" : "review the ranked list; or --fix remove (drop them) or --fix relabel "
                + "(take the suggested label) to write a corrected copy";
        return new Finding(NAME, problem, severity, evidence, fix, Map.of("flagged", suspects.size(),
                "estimatedNoiseRate", noiseRate));
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
