package dev.kintsugi.cli;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.ClassificationSummary;
import dev.kintsugi.evaluate.CorruptionAccuracy;
import dev.kintsugi.evaluate.Fairness;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Accuracy, per-class accuracy and confusion matrix of a model on one split (test by default); "
                + "optionally robustness (--attack), fairness (--sensitive) and accuracy under corruptions.",
        footer = {"", "Examples:", "  kintsugi evaluate --model runs/lenet5 --data fashion-mnist --json eval.json",
                "  kintsugi evaluate --model runs/lenet5 --attack pgd --eps 0.15",
                "  kintsugi evaluate --model runs/credit --data german-credit --sensitive age-group --privileged old "
                        + "--favourable 0"})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "A Kintsugi model directory, an ONNX file or a TorchScript .pt file.")
    Path model;

    @Mixin
    DataOptions data;

    @Mixin
    SplitOption split;

    @Mixin
    VerifyOptions verify;

    @Mixin
    ExternalModelOptions external;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--force", description = "Replace an existing --json file (never a link or special file).")
    boolean force;

    @Override
    public Integer call() {
        if (json != null) {
            java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
            inputs.add(model);
            dev.kintsugi.util.OutputPaths.checkFile(json, "--json", force, inputs);
        }
        Dataset dataset = split.of(data.load());
        try (OpenedClassifier opened = external.open(model, dataset.classNames())) {
            ModelCompatibility.check(opened, dataset);
            ModelComparison result = ModelComparison.run(opened, List.of(), dataset, verify.settings("none", false),
                    System.err);
            ModelComparison.ModelEvaluation e = result.original();
            System.out.print(render(e.summary()));
            if (result.robustness() != null) {
                System.out.printf(Locale.ROOT, "%nrobustness: %s, eps %s: ASR %.2f%% on %d inputs%n",
                        result.robustness().attack(), result.robustness().epsilon(),
                        result.robustness().original().ratePercent(), result.robustness().attackedInputs());
            }
            if (e.fairness() != null) {
                System.out.print(renderFairness(e.fairness()));
            }
            if (e.corruptions() != null) {
                System.out.print(renderCorruptions(e.corruptions()));
            }
            if (json != null) {
                Json.write(json, result);
                System.out.println("wrote " + json);
            }
        }
        return 0;
    }

    static String render(ClassificationSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: accuracy %.4f on %d samples%n%n", s.dataset(), s.accuracy(), s.samples()));
        TextTable perClass = new TextTable("class", "accuracy", "samples");
        for (Map.Entry<String, Double> e : s.perClassAccuracy().entrySet()) {
            perClass.row(e.getKey(), String.format(Locale.ROOT, "%.4f", e.getValue()), s.support().get(e.getKey()));
        }
        sb.append(perClass.render()).append('\n');
        int k = s.classNames().size();
        String[] headers = new String[k + 1];
        headers[0] = "true \\ predicted";
        for (int c = 0; c < k; c++) {
            headers[c + 1] = Integer.toString(c);
        }
        TextTable confusion = new TextTable(headers);
        for (int t = 0; t < k; t++) {
            Object[] row = new Object[k + 1];
            row[0] = t + " " + s.classNames().get(t);
            for (int p = 0; p < k; p++) {
                row[p + 1] = s.confusion()[t][p];
            }
            confusion.row(row);
        }
        sb.append(confusion.render());
        return sb.toString();
    }

    static String renderFairness(Fairness f) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nfairness for '%s' (privileged: %s, %d samples; unprivileged: %s, %d)%n",
                f.attribute(), f.privileged().group(), f.privileged().samples(), f.unprivileged().group(),
                f.unprivileged().samples()));
        sb.append("  AAOD ").append(f.aaod() == null ? f.aaodNote() : String.format(Locale.ROOT, "%.4f", f.aaod()))
                .append('\n');
        sb.append(String.format(Locale.ROOT, "  accuracy: privileged %s, unprivileged %s%n", num(f.privileged().accuracy()),
                num(f.unprivileged().accuracy())));
        if (f.binary() != null) {
            sb.append(String.format(Locale.ROOT, "  statistical parity difference %s, disparate impact %s, "
                            + "equal opportunity difference %s%n", num(f.binary().statisticalParityDifference()),
                    num(f.binary().disparateImpact()), num(f.binary().equalOpportunityDifference())));
        }
        return sb.toString();
    }

    private static String num(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String renderCorruptions(CorruptionAccuracy c) {
        TextTable t = new TextTable("corruption", "severity", "accuracy");
        c.table().forEach(cell -> t.row(cell.corruption(), cell.severity(),
                String.format(Locale.ROOT, "%.4f", cell.accuracy())));
        return String.format(Locale.ROOT, "%ncorruptions (clean accuracy %.4f)%n", c.cleanAccuracy()) + t.render();
    }
}
