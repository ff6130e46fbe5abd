package dev.kintsugi.cli;

import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.stability.CollapseRule;
import dev.kintsugi.dashboard.Dashboard;
import dev.kintsugi.diagnose.stability.RunRecord;
import dev.kintsugi.diagnose.stability.RunSeeds;
import dev.kintsugi.diagnose.stability.StabilityReport;
import dev.kintsugi.diagnose.stability.StabilityResult;
import dev.kintsugi.diagnose.stability.StabilityStudy;
import dev.kintsugi.diagnose.stability.StudyDesign;
import dev.kintsugi.diagnose.stability.StudyDirectory;
import dev.kintsugi.diagnose.stability.Vary;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.study.grid.GridEngine;
import dev.kintsugi.study.grid.GridEngines;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "stability", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the same model N times, varying one source of randomness (weight init, data order "
                + "or augmentation), and report the spread of final test accuracy, collapsed runs, prediction "
                + "churn and per-sample agreement.",
                "A killed study resumes: rerun the same command and finished runs are skipped."},
        footer = {"", "Example:", "  kintsugi stability --model lenet5 --data fashion-mnist --seeds 10 --vary init "
                + "--out runs/stability-lenet5",
                "  kintsugi stability --model runs/credit --data german-credit --seeds 5 --vary order --out runs/st"})
final class StabilityCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME|DIR",
            description = "A zoo architecture (see `kintsugi models`) or a model directory, whose architecture and "
                    + "options are retrained from scratch.")
    String model;

    @Option(names = "--opt", paramLabel = "KEY=VALUE", description = "Architecture option, repeatable; overrides "
            + "the model directory's options.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--no-normalize", description = "Do not normalise image inputs inside the network.")
    boolean noNormalize;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "10",
            description = "Number of runs (default: ${DEFAULT-VALUE}); raise it to extend a finished study.")
    int seeds;

    @Option(names = "--vary", paramLabel = "SOURCE", defaultValue = "init",
            description = "What differs between runs: init, order or augmentation (default: ${DEFAULT-VALUE}). "
                    + "Run i uses seed SEED+i for it and --seed for everything else.")
    String vary;

    @Mixin
    TrainingOptions training;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "Study folder: created, or resumed when it holds the same study.")
    Path out;

    /** The checksum of the --model directory, once {@link #spec} has loaded it (null for a zoo name). */
    private String modelChecksum;

    @Mixin
    DashboardOption dashboard;

    @Mixin
    GridEngineOptions where;

    @Override
    public Integer call() {
        try (Dashboard live = dashboard.start("stability", "kintsugi stability " + model + " on " + data.data + ", "
                + seeds + " runs varying " + vary)) {
            try {
                Path report = study(live);
                DashboardOption.end(live, report);
            } catch (RuntimeException e) {
                if (live != null) {
                    live.fail(e.getMessage());
                }
                throw e;
            }
        }
        return 0;
    }

    /** A stability run's cell on the dashboard: its seeds, then its results. */
    private static void showRun(Dashboard live, int index, int runs, RunSeeds s, String state, RunRecord record) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("init seed", s.init());
        values.put("order seed", s.order());
        if (record != null) {
            values.put("valid accuracy", record.validAccuracy());
            values.put("test accuracy", record.testAccuracy());
            values.put("epochs", record.history().epochs.size());
            values.put("seconds", record.seconds());
        }
        live.cell("run-" + index, "run " + (index + 1), state, values);
        if (!state.equals("queued")) {
            live.progress("runs", index + (state.equals("running") ? 0 : 1), runs);
        }
    }

    private Path study(Dashboard live) {
        long start = System.nanoTime();
        // the study folder is resumed, so it may exist; it may still never be, hold or sit inside an input
        for (Path input : dev.kintsugi.util.OutputPaths.existing(model)) {
            dev.kintsugi.util.OutputPaths.checkApart(out, "--out", input);
        }
        for (Path input : data.inputPaths()) {
            dev.kintsugi.util.OutputPaths.checkApart(out, "--out", input);
        }
        // the engine first: a wrong --engine/--master costs no data loading and writes nothing
        GridEngine grid = where.engine.equals(GridEngines.LOCAL) && where.master == null ? null
                : GridEngines.create(where.engine, 1, where.master);
        if (grid != null && Files.exists(Path.of(data.data)) && !Path.of(data.data).isAbsolute()) {
            throw new dev.kintsugi.KintsugiException("--engine " + where.engine + " reads --data on every worker: give "
                    + "a built-in name or an absolute path every worker sees, not " + data.data);
        }
        Vary source = Vary.parse(vary);
        TrainingConfig config = training.config();
        StabilityStudy.requireRuns(seeds);
        if (!Files.isDirectory(Path.of(model))
                && ModelZoo.architectures().stream().noneMatch(a -> a.name().equals(model))) {
            throw new dev.kintsugi.KintsugiException("--model " + model + " is neither a zoo architecture ("
                    + String.join(", ", ModelZoo.architectures().stream().map(a -> a.name()).toList())
                    + ") nor a model directory");
        }
        Splits splits = data.load();
        ArchitectureSpec spec = spec(splits);
        StudyDesign design = new StudyDesign(spec.architecture(), spec.options(), !noNormalize, data.data,
                data.splitSeed, splits.train().checksum(), splits.valid().checksum(), splits.test().checksum(), config,
                source, Engines.threads());
        StudyDirectory dir = StudyDirectory.open(out, design);
        System.err.println("data: " + splits.describe());
        StabilityStudy study = new StabilityStudy(design, spec, splits, CollapseRule.defaults());
        if (live != null) {
            live.watchTraining();
            study.watch((index, runs, s, state, record) -> showRun(live, index, runs, s, state, record));
        }
        StabilityResult result = grid == null ? study.run(seeds, dir, System.err)
                : study.run(seeds, dir, grid, System.err);
        Provenance provenance = Provenance.of("stability", Invocation.commandLine()).seed(config.seed())
                .input("train", splits.train().name(), splits.train().checksum())
                .input("valid", splits.valid().name(), splits.valid().checksum())
                .input("test", splits.test().name(), splits.test().checksum())
                .parameter("design", design)
                .parameter("runs", seeds)
                .cost(start);
        if (modelChecksum != null) {
            provenance.input("model", model, modelChecksum);
        }
        StabilityReport.write(result, provenance, dir);
        System.out.printf(Locale.ROOT, "%d runs varying %s: test accuracy %.4f ± %.4f (min %.4f, max %.4f), %d collapsed, "
                        + "mean churn %.2f%%%n", seeds, source.label(), result.accuracy().mean(), result.accuracy().std(),
                result.accuracy().min(), result.accuracy().max(), result.collapsed(),
                100 * result.agreement().meanChurn());
        System.out.println("report: " + out.resolve(StabilityReport.HTML));
        return out.resolve(StabilityReport.HTML);
    }

    /** The spec to retrain: a zoo name with --opt, or a saved model's architecture and options with --opt on top. */
    private ArchitectureSpec spec(Splits splits) {
        Path dir = Path.of(model);
        if (!Files.isDirectory(dir)) {
            return ModelZoo.specFor(model, options, splits.train(), !noNormalize);
        }
        try (SavedModel saved = ModelStore.load(dir)) {
            modelChecksum = saved.checksum();
            Map<String, String> merged = new LinkedHashMap<>(saved.network().spec().options());
            merged.putAll(options);
            return ModelZoo.specFor(saved.network().spec().architecture(), merged, splits.train(), !noNormalize);
        }
    }
}
