package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.ComparisonSettings;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.repair.RepairJob;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.study.grid.Benchmark;
import dev.kintsugi.study.grid.Cell;
import dev.kintsugi.study.grid.CellResult;
import dev.kintsugi.study.grid.CellRunner;
import dev.kintsugi.study.grid.DatasetLikeness;
import dev.kintsugi.study.grid.GridStudy;
import dev.kintsugi.study.grid.Metric;
import dev.kintsugi.study.grid.Objective;
import dev.kintsugi.study.grid.Recommendation;
import dev.kintsugi.study.grid.StudyFolder;
import dev.kintsugi.study.grid.StudySummary;
import dev.kintsugi.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rank repair approaches for an objective by a study's measured evidence (means and 95%% "
                + "intervals over seeds, and the benchmark they come from).",
                "With --model and --data, also run the top candidates on that model and return the best by the "
                        + "objective on its valid split."},
        footer = {"", "Examples:", "  kintsugi recommend --study runs/study --objective \"max RR, NFR <= 0.5\"",
                "  kintsugi recommend --study runs/study --objective \"min NFR, RR >= 20, time <= 300\" --model runs/m "
                        + "--data fashion-mnist --out runs/rec"})
final class RecommendCommand implements Callable<Integer> {
    @Option(names = "--study", required = true, paramLabel = "DIR", description = "A study folder (kintsugi study).")
    Path study;

    @Option(names = "--objective", required = true, paramLabel = "TEXT",
            description = "One goal (max acc|rr, min nfr|asr|aaod) and limits, e.g. \"max RR, NFR <= 0.5, time <= 600\" "
                    + "(rates in percent, time in seconds).")
    String objectiveText;

    @Option(names = "--benchmark", paramLabel = "NAME", description = "Use only this benchmark's evidence.")
    String benchmark;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = "Run the top candidates on this model (never modified).")
    Path model;

    @Option(names = {"-d", "--data"}, paramLabel = "DATA",
            description = "The user's data: checked for likeness to the benchmarks, and used with --model.")
    String data;

    @Option(names = "--split-seed", defaultValue = "0", paramLabel = "SEED", description = "Split seed of --data.")
    long splitSeed;

    @Option(names = "--top", defaultValue = "3", paramLabel = "N", description = "Candidates to run with --model (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--budget", defaultValue = "PT10M", description = "Budget per candidate repair (default: ${DEFAULT-VALUE}).")
    Duration budget;

    @Option(names = "--sensitive", paramLabel = "ATTRIBUTE", description = "Fairness attribute for AAOD with --model.")
    String sensitive;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "With --model: folder for the candidates and "
            + "recommendation.json (must not exist).")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Objective objective = Objective.parse(objectiveText);
        StudyFolder folder = StudyFolder.existing(study);
        List<CellResult> cells = GridStudy.finishedCells(folder);
        if (cells.isEmpty()) {
            throw new KintsugiException(study + " has no finished cells yet");
        }
        StudySummary summary = StudySummary.of(folder.plan(), cells);
        List<String> benchmarks = new ArrayList<>();
        if (benchmark != null) {
            if (!folder.plan().benchmarks().contains(benchmark)) {
                throw new KintsugiException("--benchmark " + benchmark + " is not in the study (it has "
                        + String.join(", ", folder.plan().benchmarks()) + ")");
            }
            benchmarks.add(benchmark);
        }
        Splits splits = data == null ? null : dev.kintsugi.data.DatasetResolver.resolve(data, splitSeed);
        if (splits != null) {
            List<DatasetLikeness> likeness = folder.plan().benchmarks().stream()
                    .map(b -> DatasetLikeness.of(splits.train(), Benchmark.named(b), folder.plan().splitSeed())).toList();
            List<String> alike = likeness.stream().filter(DatasetLikeness::alike).map(DatasetLikeness::benchmark).toList();
            if (alike.isEmpty()) {
                System.out.println("warning: " + data + " is unlike every benchmark in the study ("
                        + String.join("; ", likeness.stream().map(Object::toString).toList())
                        + "); the evidence below may not transfer to it");
            } else if (benchmark == null) {
                benchmarks.addAll(alike);
                System.out.println(data + " resembles " + String.join(", ", alike) + "; using their evidence");
            }
        }
        List<Recommendation> ranked = Recommendation.rank(summary, objective, benchmarks);
        System.out.println("objective: " + objective + "  (means and 95% intervals over " + folder.plan().seeds()
                + " seeds)");
        int shown = 0;
        for (Recommendation r : ranked) {
            System.out.println((r.feasible() ? "  " + (++shown) + ". " : "  -  ") + r.describe(objective));
        }
        if (ranked.stream().noneMatch(Recommendation::feasible)) {
            System.out.println("no approach meets every limit on the study's evidence");
        }
        if (model != null) {
            runCandidates(objective, ranked, splits);
        }
        return 0;
    }

    /** The guard's logic over approaches: repair with each top candidate, keep the best by the objective on valid. */
    private void runCandidates(Objective objective, List<Recommendation> ranked, Splits splits) {
        if (splits == null || out == null) {
            throw new KintsugiException("--model needs --data and --out");
        }
        if (Files.exists(out)) {
            throw new KintsugiException(out + " already exists; choose another --out");
        }
        List<String> candidates = ranked.stream().filter(Recommendation::feasible).map(Recommendation::approach)
                .distinct().limit(top).toList();
        if (candidates.isEmpty()) {
            candidates = ranked.stream().map(Recommendation::approach).distinct().limit(top).toList();
        }
        boolean attack = objective.metrics().contains(Metric.ASR);
        ComparisonSettings settings = new ComparisonSettings(attack ? "pgd" : "none", 0.15, 500, 0, false, sensitive,
                null, null, false);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("objective", objective.toString());
        List<Map<String, Object>> tried = new ArrayList<>();
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        try (SavedModel original = ModelStore.load(model)) {
            for (String approach : candidates) {
                Path dir = out.resolve("candidates").resolve(approach);
                RepairResult r = RepairJob.run(original, splits, data, new RepairJob.Settings(approach, 0, budget, null,
                        Map.of()), Invocation.commandLine(), dir, System.err);
                try (SavedModel fixed = ModelStore.load(dir)) {
                    r.fixed().close();
                    ModelComparison c = ModelComparison.run(new OpenedClassifier(original.network(), "original",
                                    original.directory(), original.checksum(), original.provenance()),
                            List.of(new OpenedClassifier(fixed.network(), approach, dir, fixed.checksum(),
                                    fixed.provenance())), splits.valid(), settings, System.err);
                    CellResult cell = CellRunner.result(new Cell("user", approach, 0), c, r, false, r.seconds());
                    boolean feasible = objective.feasible(m -> m.of(cell));
                    Double goal = objective.goal().of(cell);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("approach", approach);
                    row.put("model", dir.toString());
                    objective.metrics().forEach(m -> row.put(m.name(), m.of(cell)));
                    row.put("feasible", feasible);
                    tried.add(row);
                    System.out.printf(Locale.ROOT, "candidate %-10s on the valid split: %s%s%n", approach,
                            String.join(", ", objective.metrics().stream().map(m -> m.label() + " "
                                    + (m.of(cell) == null ? "n/a" : String.format(Locale.ROOT, "%.2f", m.of(cell))))
                                    .toList()), feasible ? "" : " (misses a limit)");
                    if (feasible && goal != null && objective.score(goal) > bestScore) {
                        bestScore = objective.score(goal);
                        best = approach;
                    }
                }
            }
        }
        report.put("candidates", tried);
        report.put("best", best);
        Json.write(out.resolve("recommendation.json"), report);
        System.out.println(best == null ? "no candidate meets every limit on the valid split; keep the original"
                : "best on the valid split: " + best + " (model: " + out.resolve("candidates").resolve(best) + ")");
    }
}
