package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairRegistry;
import dev.kintsugi.study.grid.Benchmark;
import dev.kintsugi.study.grid.GridEngine;
import dev.kintsugi.study.grid.GridStudy;
import dev.kintsugi.study.grid.GridEngines;
import dev.kintsugi.study.grid.StudyFindings;
import dev.kintsugi.study.grid.StudyPlan;
import dev.kintsugi.study.grid.StudyReport;
import dev.kintsugi.util.Provenance;
import dev.kintsugi.dashboard.Dashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the ICSE 2026 comparison: every approach x every benchmark x every seed, each cell "
                + "repairing the benchmark's original for that seed and judged on the test split as `compare` judges "
                + "(ACC, RR, NFR, PGD ASR, AAOD, time, memory). Writes study.json, study.csv and study.html with "
                + "95%% intervals over seeds, rank groups and the study's findings checked.",
                "A killed study resumes: rerun the same command and finished cells are kept."},
        footer = {"", "Examples:", "  kintsugi study --benchmarks german-credit/mlp --approaches finetune,arachne "
                + "--seeds 2 --out runs/study-credit",
                "  kintsugi study --benchmarks fashion-mnist/lenet5-study --out runs/study-fmnist",
                "  kintsugi study --list"})
final class StudyCommand implements Callable<Integer> {
    @Option(names = "--list", description = "List the built-in benchmarks and the registered approaches, then exit.")
    boolean list;

    @Option(names = "--approaches", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Approaches to compare (default: every registered one, see `kintsugi repair --list`).")
    List<String> approaches;

    @Option(names = "--benchmarks", split = ",", paramLabel = "DATA/MODEL[,...]",
            description = "Benchmarks (default: fashion-mnist/lenet5-study; see --list).")
    List<String> benchmarks;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N",
            description = "Seeds 0..N-1, each one original per benchmark (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--cell-budget", defaultValue = "PT10M", paramLabel = "DURATION",
            description = "A cell's repair budget, ISO-8601 (default: ${DEFAULT-VALUE}); a cell still running at twice "
                    + "the budget plus a minute is stopped and recorded as a time-out.")
    Duration budget;

    @Option(names = "--max-nfr", paramLabel = "PERCENT",
            description = "Regression guard of every cell, as repair --max-nfr: each repair keeps its best candidate "
                    + "whose negative flip rate on the valid split is at most this many percent, or the original. "
                    + "Off by default (as in the study).")
    Double maxNfr;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N",
            description = "Cells run at once, each in its own process (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch threads per cell (default: the cores divided by --parallel). Recorded in the plan.")
    Integer threads;

    @Option(names = "--split-seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seed of every dataset's four-way split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Mixin
    GridEngineOptions where;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    void verbose(boolean v) {
        Invocation.verbose(v);
    }

    @Option(names = "--retry-failed", description = "Resuming, run again the cells recorded as failed (a worker "
            + "that lacked a dataset, a crash), not only the missing ones. Time-outs stay: they would time out again.")
    boolean retryFailed;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Study folder: created, or resumed when it "
            + "holds the same study.")
    Path out;

    @Mixin
    DashboardOption dashboard;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        if (list) {
            TextTable t = new TextTable("benchmark", "what it tests");
            Benchmark.BUILTIN.forEach(b -> t.row(b.name(), b.what()));
            System.out.print(t.render());
            System.out.println("approaches: " + String.join(", ", RepairRegistry.all().stream()
                    .map(RepairApproach::name).toList()));
            return 0;
        }
        if (out == null) {
            throw new KintsugiException("study needs --out (or --list)");
        }
        GridEngine grid = GridEngines.create(where.engine, parallel, where.master);
        int perCell = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        StudyPlan plan = new StudyPlan(
                approaches != null ? approaches : RepairRegistry.all().stream().map(RepairApproach::name).toList(),
                benchmarks != null ? benchmarks : List.of(Benchmark.BUILTIN.get(0).name()), seeds,
                budget.toSeconds(), perCell, splitSeed, maxNfr);
        try (Dashboard live = dashboard.start("study", "kintsugi study: " + plan.approaches().size() + " approaches x "
                + plan.benchmarks().size() + " benchmarks x " + plan.seeds() + " seeds")) {
            try {
                GridStudy.Outcome o = GridStudy.run(out, plan, grid, Invocation.commandLine(), System.err,
                        live == null ? dev.kintsugi.study.grid.StudyWatcher.NONE : new StudyDashboardWatcher(live),
                        retryFailed);
                Provenance provenance = Provenance.of("study", Invocation.commandLine()).parameter("plan", plan)
                        .parameter("engine", grid.name()).parameter("parallel", parallel).cost(start);
                StudyReport.write(o, provenance);
                summarise(o);
                DashboardOption.end(live, out.resolve(StudyReport.HTML));
            } catch (RuntimeException e) {
                if (live != null) {
                    live.fail(e.getMessage());
                }
                throw e;
            }
        }
        return 0;
    }

    private void summarise(GridStudy.Outcome o) {
        long ok = o.cells().stream().filter(c -> c.ok()).count();
        System.out.printf(Locale.ROOT, "%d cells (%d ok, %d resumed, %d run now)%n", o.cells().size(), ok,
                o.resumedCells(), o.ranCells());
        System.out.println("findings:");
        System.out.println(StudyFindings.lines(o.findings()));
        System.out.println("report: " + out.resolve(StudyReport.HTML));
        System.out.println("json:   " + out.resolve(StudyReport.JSON));
    }
}
