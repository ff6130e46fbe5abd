package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.report.Charts;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Class imbalance of the training split: counts, the imbalance ratio (largest class / smallest class) and,
 * when there is a reference model, each class's recall: the given model on the valid split, or else the
 * cross-validated predictions if the label-noise check already computed them (this check never trains).
 */
public final class ClassImbalanceCheck implements DataCheck {
    public static final String NAME = "imbalance";
    /** Ratios at or above these are a warning / a problem. */
    static final double WARN_RATIO = 1.5;
    static final double PROBLEM_RATIO = 10;

    private final SharedPredictions predictions;

    public ClassImbalanceCheck(SharedPredictions predictions) {
        this.predictions = predictions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Class counts, imbalance ratio (largest / smallest class) and per-class recall of a reference model.";
    }

    /** Largest over smallest class count; infinite if a class has no samples. */
    public static double imbalanceRatio(int[] counts) {
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int c : counts) {
            max = Math.max(max, c);
            min = Math.min(min, c);
        }
        return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
    }

    /** Recall of each class: correct predictions of the class over its samples (NaN without samples). */
    public static double[] perClassRecall(Predictions p) {
        int k = p.numClasses();
        int[] hit = new int[k];
        int[] total = new int[k];
        for (int i = 0; i < p.size(); i++) {
            total[p.label(i)]++;
            hit[p.label(i)] += p.correct(i) ? 1 : 0;
        }
        double[] recall = new double[k];
        for (int c = 0; c < k; c++) {
            recall[c] = total[c] == 0 ? Double.NaN : (double) hit[c] / total[c];
        }
        return recall;
    }

    @Override
    public CheckResult run(DataCheckContext context) {
        long start = System.nanoTime();
        Dataset train = context.splits().train();
        int[] counts = train.classCounts();
        double ratio = imbalanceRatio(counts);
        Optional<Reference> reference = reference(context);
        double[] recall = reference.map(r -> perClassRecall(r.predictions())).orElse(null);
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Integer> countsByClass = new LinkedHashMap<>();
        for (int c = 0; c < counts.length; c++) {
            countsByClass.put(train.classNames().get(c), counts[c]);
        }
        metrics.put("counts", countsByClass);
        metrics.put("imbalanceRatio", Double.isInfinite(ratio) ? "infinite" : ratio);
        if (recall != null) {
            Map<String, Double> byClass = new LinkedHashMap<>();
            for (int c = 0; c < recall.length; c++) {
                byClass.put(train.classNames().get(c), recall[c]);
            }
            metrics.put("recall", byClass);
            metrics.put("recallSource", reference.get().source());
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(finding(train, counts, ratio, recall));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new CheckResult(NAME, findings, metrics,
                section -> report(section, train, counts, ratio, recall, reference.map(Reference::source).orElse(null)),
                seconds);
    }

    private record Reference(Predictions predictions, String source) {
    }

    private Optional<Reference> reference(DataCheckContext context) {
        if (context.referenceModel().isPresent()) {
            Dataset valid = context.splits().valid();
            return Optional.of(new Reference(Predictor.predict(context.model(), valid),
                    "the given model on " + valid.name()));
        }
        return predictions.ifComputed(context).map(r -> new Reference(r.predictions(),
                "cross-validated " + r.architecture() + " (" + r.predictions().datasetName() + ")"));
    }

    private static Finding finding(Dataset train, int[] counts, double ratio, double[] recall) {
        int smallest = 0;
        int largest = 0;
        for (int c = 1; c < counts.length; c++) {
            smallest = counts[c] < counts[smallest] ? c : smallest;
            largest = counts[c] > counts[largest] ? c : largest;
        }
        List<String> names = train.classNames();
        Severity severity = ratio >= PROBLEM_RATIO ? Severity.PROBLEM : ratio >= WARN_RATIO ? Severity.WARNING
                : Severity.INFO;
        String problem = Double.isInfinite(ratio) ? "class " + names.get(smallest) + " has no training samples"
                : severity == Severity.INFO ? String.format(Locale.ROOT, "classes are balanced (ratio %.2f)", ratio)
                : String.format(Locale.ROOT, "classes are imbalanced: ratio %.1f", ratio);
        StringBuilder evidence = new StringBuilder(counts[largest] == counts[smallest]
                ? "every class has " + counts[largest] + " samples"
                : String.format(Locale.ROOT, "largest %s %d, smallest %s %d", names.get(largest), counts[largest],
                names.get(smallest), counts[smallest]));
        if (recall != null && smallest != largest && !Double.isNaN(recall[smallest]) && !Double.isNaN(recall[largest])) {
            evidence.append(String.format(Locale.ROOT, "; recall %s %.2f vs %s %.2f", names.get(smallest),
                    recall[smallest], names.get(largest), recall[largest]));
        }
        String fix = severity == Severity.INFO ? "" : "train with --class-weights balanced, --sampling oversample "
                + "or --sampling undersample; or collect more " + names.get(smallest);
        return new Finding(NAME, problem, severity, evidence.toString(), fix,
                Map.of("imbalanceRatio", Double.isInfinite(ratio) ? -1.0 : ratio));
    }

    private static void report(Section section, Dataset train, int[] counts, double ratio, double[] recall,
                               String recallSource) {
        List<String> names = train.classNames();
        section.paragraph(String.format(Locale.ROOT, "Imbalance ratio (largest / smallest class): %s.",
                Double.isInfinite(ratio) ? "infinite (a class is empty)" : String.format(Locale.ROOT, "%.2f", ratio))
                + (recallSource == null ? " No reference model: pass --model, or run the label-noise check first, "
                + "for per-class recall." : " Recall from " + recallSource + "."));
        Table table = recall == null ? Table.withHeaders("class", "train samples", "share")
                : Table.withHeaders("class", "train samples", "share", "recall");
        table.decimals(3);
        Map<String, Double> bars = new LinkedHashMap<>();
        for (int c = 0; c < counts.length; c++) {
            double share = (double) counts[c] / Math.max(1, train.size());
            if (recall == null) {
                table.row(names.get(c), counts[c], share);
            } else {
                table.row(names.get(c), counts[c], share, recall[c]);
            }
            bars.put(names.get(c), (double) counts[c]);
        }
        section.table(table);
        section.chart(Charts.barChart("Training samples per class", "class", "samples", bars));
    }
}
