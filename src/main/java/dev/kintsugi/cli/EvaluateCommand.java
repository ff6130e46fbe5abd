package dev.kintsugi.cli;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.ClassificationSummary;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Accuracy, per-class accuracy and confusion matrix of a model on one split (test by default).",
        footer = {"", "Example:", "  kintsugi evaluate --model runs/lenet5 --data fashion-mnist --json eval.json"})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Mixin
    SplitOption split;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() {
        try (SavedModel saved = model.load()) {
            Dataset dataset = split.of(data.load());
            ModelCompatibility.check(saved, dataset);
            ClassificationSummary s = ClassificationSummary.of(Predictor.predict(saved.network(), dataset),
                    dataset.classNames());
            System.out.print(render(s));
            if (json != null) {
                Json.write(json, s);
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
}
