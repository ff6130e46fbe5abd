package dev.kintsugi.study;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.data.ClassImbalanceCheck;
import dev.kintsugi.diagnose.data.DataCheckJob;
import dev.kintsugi.diagnose.data.DataChecks;
import dev.kintsugi.diagnose.data.LabelNoiseCheck;
import dev.kintsugi.diagnose.data.OutOfSampleProbabilities;
import dev.kintsugi.diagnose.data.ProbeModel;
import dev.kintsugi.evaluate.ClassificationSummary;
import dev.kintsugi.evaluate.ComparisonSettings;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.repair.RepairJob;
import dev.kintsugi.model.Network;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.report.ModelSections;
import dev.kintsugi.train.ModelTraining;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job on the built-in default: a quick data check, then train LeNet-5 on Fashion-MNIST, evaluate it on the held-out test
 * split, save the model and its predictions, and write a summary report; then fix it three ways (one more
 * epoch of training, and two fast repair approaches) and judge every fix against it on every axis.
 */
public final class Demo {
    /** Settings of a demo run. */
    public record Settings(String dataset, String architecture, int epochs, long seed, Path out) {
    }

    /** What a demo run produced. */
    public record Outcome(Path modelDir, Path report, Path summaryJson, Path comparisonReport, double testAccuracy,
                          double seconds, ModelComparison comparison) {
    }

    /** The repair approaches the demo runs: the two fastest of different kinds (retraining, weight search). */
    public static final List<String> DEMO_APPROACHES = List.of("finetune", "genmunn");

    private Demo() {
    }

    public static Outcome run(Settings settings, String command, PrintStream log) {
        long start = System.nanoTime();
        Path out = settings.out();
        if (Files.exists(out)) {
            throw new dev.kintsugi.KintsugiException(out + " already exists; choose another --out");
        }
        log.println("kintsugi demo: " + settings.architecture() + " on " + settings.dataset() + ", " + settings.epochs()
                + " epochs, seed " + settings.seed() + ", " + Engines.threads() + " threads -> " + out);
        Splits splits = BuiltinDatasets.load(settings.dataset(), 0);
        log.println("data: " + splits.describe());
        quickDataCheck(splits, settings, command, out.resolve("data-check"), log);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(settings.epochs()).withSeed(settings.seed());
        ArchitectureSpec spec = ModelZoo.specFor(settings.architecture(), Map.of(), splits.train(), true);
        Path modelDir = out.resolve("model");
        try (Network network = Network.create(spec, settings.seed())) {
            ModelTraining.Result trained = ModelTraining.trainAndSave(network, splits, config, settings.dataset(), 0,
                    command, modelDir, false, log);
            Predictions test = Predictor.predict(network, splits.test());
            test.writeCsv(out.resolve("predictions-test.csv"), splits.test().classNames());
            ClassificationSummary summary = ClassificationSummary.of(test, splits.test().classNames());

            HtmlReport report = HtmlReport.titled("Kintsugi demo: " + settings.architecture() + " on " + settings.dataset())
                    .subtitle(splits.describe())
                    .provenance(provenanceLine(trained.provenance()));
            ModelSections.training(report.section("Training"), trained.history());
            ModelSections.classification(report.section("Test split"), summary);
            ModelSections.mistakes(report.section("Mistakes"), splits.test(), test, 40);
            Path reportFile = out.resolve("summary.html");
            report.write(reportFile);

            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", modelDir.toString());
            json.put("testAccuracy", summary.accuracy());
            json.put("test", summary);
            json.put("training", trained.history());
            json.put("seconds", seconds);
            json.put("provenance", trained.provenance());
            Path summaryJson = out.resolve("summary.json");
            Json.write(summaryJson, json);
            log.printf(Locale.ROOT, "test accuracy %.2f%% on %d images; report %s (%.0fs)%n", 100 * summary.accuracy(),
                    summary.samples(), reportFile, seconds);
            Comparison comparison = fixAndCompare(network, modelDir, splits, settings, command, out, log);
            // A separate, quick step: failure modes in words, on fashion-bg (see FailureModesStep).
            log.println("failure modes: " + FailureModesStep.run(settings.seed(), command, out.resolve("failure-modes"),
                    log));
            return new Outcome(modelDir, reportFile, summaryJson, comparison.html(), summary.accuracy(),
                    (System.nanoTime() - start) / 1e9, comparison.comparison());
        }
    }

    private record Comparison(Path html, ModelComparison comparison) {
    }

    /** One more epoch and two repairs, each saved as a model, then all compared with the original. */
    private static Comparison fixAndCompare(Network network, Path modelDir, Splits splits, Settings settings, String command,
                                      Path out, PrintStream log) {
        long start = System.nanoTime();
        List<Path> fixes = new ArrayList<>();
        try (Network longer = network.copy()) {
            log.println("fix 1: one more epoch of training");
            Path dir = out.resolve("fix-one-more-epoch");
            ModelTraining.trainAndSave(longer, splits, TrainingConfig.defaults().withEpochs(1)
                    .withSeed(settings.seed() + 1), settings.dataset(), 0, command, dir, false, log);
            fixes.add(dir);
        }
        try (SavedModel original = ModelStore.load(modelDir)) {
            for (String approach : DEMO_APPROACHES) {
                log.println("fix " + (fixes.size() + 1) + ": repair with " + approach);
                Path dir = out.resolve("fix-" + approach);
                RepairJob.run(original, splits, settings.dataset(), new RepairJob.Settings(approach, settings.seed(),
                        Duration.ofMinutes(10), null, Map.of()), command, dir, log).fixed().close();
                fixes.add(dir);
            }
        }
        List<OpenedClassifier> opened = new ArrayList<>();
        try {
            OpenedClassifier original = OpenedClassifier.open(modelDir, null);
            opened.add(original);
            for (Path f : fixes) {
                opened.add(OpenedClassifier.open(f, null));
            }
            ModelComparison c = ModelComparison.run(original, opened.subList(1, opened.size()), splits.test(),
                    ComparisonSettings.studyDefaults(), log);
            ComparisonReport.Files files = ComparisonReport.write(c, splits.test(), out, command, start);
            log.println("comparison: " + files.html());
            return new Comparison(files.html(), c);
        } finally {
            opened.forEach(OpenedClassifier::close);
        }
    }

    /** Data doctor step: a cheap label-noise pass on a stratified subset, then class imbalance, before training. */
    static final int DATA_CHECK_SAMPLES = 5000;

    private static void quickDataCheck(Splits splits, Settings settings, String command, Path dir, PrintStream log) {
        log.println("data check: label noise on " + DATA_CHECK_SAMPLES + " training samples (3 folds), class imbalance");
        ProbeModel probe = ProbeModel.defaults();
        DataChecks.Settings checks = new DataChecks.Settings(new OutOfSampleProbabilities(3, DATA_CHECK_SAMPLES, probe),
                probe, 1);
        DataCheckJob.run(new DataCheckJob.Request(splits, settings.dataset(), null, null, null, null,
                List.of(LabelNoiseCheck.NAME, ClassImbalanceCheck.NAME), checks, null, settings.seed(), dir, false),
                command, log);
    }

    static Map<String, String> provenanceLine(Provenance p) {
        return ComparisonReport.headline(p);
    }
}
