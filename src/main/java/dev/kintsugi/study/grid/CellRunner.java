package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.AttackSuccess;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.evaluate.OriginalAttacks;
import dev.kintsugi.evaluate.RelativeChange;
import dev.kintsugi.model.EpochHistory;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairRegistry;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.util.ProcessStats;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs one cell in this process: loads the benchmark's data and the seed's original, repairs it with the
 * approach (seeded with the cell's seed, within the plan's budget, with the plan's regression guard: none by
 * default, as in the study), and
 * judges the fixed model against the original on the test split with {@link ModelComparison}, the code behind
 * {@code kintsugi compare}. The fixed model is not saved: a study keeps numbers, not hundreds of models.
 */
public final class CellRunner {
    private CellRunner() {
    }

    public static CellResult run(StudyFolder folder, Cell cell, PrintStream log) {
        return run(folder, cell, log, BuiltinDatasets::load, OriginalAttacks.none());
    }

    /**
     * As {@link #run(StudyFolder, Cell, PrintStream)}, with the benchmark's splits from {@code splits} (dataset name,
     * split seed) and the originals' attack outcomes from {@code originalAttacks}: a worker running many cells
     * passes caches, so a dataset is read once per worker, not per cell, and a seed's original is attacked once
     * per worker (with the same outcomes a cell of its own would compute, see {@link OriginalAttacks}).
     */
    public static CellResult run(StudyFolder folder, Cell cell, PrintStream log, BiFunction<String, Long, Splits> splits,
                                 OriginalAttacks originalAttacks) {
        long start = System.nanoTime();
        StudyPlan plan = folder.plan();
        Benchmark b = Benchmark.named(cell.benchmark());
        return run(folder, cell, log, b, splits.apply(b.dataset(), plan.splitSeed()), originalAttacks, start);
    }

    private static CellResult run(StudyFolder folder, Cell cell, PrintStream log, Benchmark b, Splits splits,
                                  OriginalAttacks originalAttacks, long start) {
        StudyPlan plan = folder.plan();
        try (SavedModel original = ModelStore.load(folder.originalDir(cell.benchmark(), cell.seed()))) {
            RepairApproach approach = RepairRegistry.get(cell.approach());
            RepairResult r;
            try {
                RepairContext context = RepairContext.prepare(original.network(), splits, cell.seed(),
                        Duration.ofSeconds(plan.budgetSeconds()), plan.maxNfrPercent(), Map.of(), log)
                        .withHistory(EpochHistory.read(original.directory()).orElse(null));
                r = approach.repair(original.network(), context);
            } catch (KintsugiException e) {
                return CellResult.unfinished(cell, CellResult.FAILED, e.getMessage(), seconds(start));
            }
            try {
                Provenance p = Provenance.of("repaired-model", "study cell " + cell.label()).seed(cell.seed());
                p.wallTimeSeconds = r.seconds();
                p.peakRssBytes = r.peakRssBytes();
                OpenedClassifier o = new OpenedClassifier(original.network(), "original", original.directory(),
                        original.checksum(), original.provenance());
                OpenedClassifier f = new OpenedClassifier(r.fixed(), cell.approach(), original.directory(), null, p);
                ModelComparison c = ModelComparison.run(o, List.of(f), splits.test(), b.verify(), log, originalAttacks);
                // Searches stop at the budget themselves; one that overran it by more than 10% ignored it.
                boolean overBudget = r.seconds() > 1.1 * plan.budgetSeconds() + 5;
                return result(cell, c, r, overBudget, seconds(start));
            } finally {
                r.fixed().close();
            }
        }
    }

    /** The cell's numbers from a comparison of one fixed model against its original. */
    public static CellResult result(Cell cell, ModelComparison c, RepairResult r, boolean overBudget, double cellSeconds) {
        ModelComparison.FixChange ch = c.changes().get(0);
        var k = ch.correctness();
        Double asrO = null;
        Double asrF = null;
        if (c.robustness() != null) {
            asrO = c.robustness().original().ratePercent();
            AttackSuccess s = c.robustness().fixed().get(ch.name());
            asrF = s == null ? null : s.ratePercent();
        }
        Double aaodO = c.original().fairness() == null ? null : c.original().fairness().aaod();
        Double aaodF = c.fixed().get(0).fairness() == null ? null : c.fixed().get(0).fairness().aaod();
        String note = overBudget ? "the repair ran past its budget (" + Math.round(r.seconds()) + " s)" : r.guardNote();
        return new CellResult(cell.benchmark(), cell.approach(), cell.seed(),
                overBudget ? CellResult.TIME_OUT : CellResult.OK, note,
                100 * k.accuracyOriginal(), 100 * k.accuracyFixed(), percent(k.accuracyChange()), k.repairRatePercent(),
                k.negativeFlipRatePercent(), asrO, asrF, percent(ch.asrImprovement()), aaodO, aaodF,
                percent(ch.aaodImprovement()), r.diff().changedValues(), r.seconds(), cellSeconds,
                ProcessStats.peakRssBytes(), null);
    }

    private static Double percent(RelativeChange c) {
        return c == null ? null : c.percent();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
