package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.repair.RepairRegistry;
import dev.kintsugi.util.JsonDifference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Everything that decides what a study's cells compute: recorded as {@code plan.json} when a study starts and
 * compared on restart, so a resumed study never mixes cells made under different settings.
 *
 * @param approaches     registered approach names, in the report's order
 * @param benchmarks     benchmark names ({@link Benchmark#BUILTIN})
 * @param seeds          seeds 0..seeds-1: each trains one original per benchmark and seeds its repairs
 * @param budgetSeconds  a cell's repair budget; searches stop there, and a cell still running at twice the
 *                       budget plus a minute (evaluation included) is stopped and recorded as "time-out"
 * @param threadsPerCell PyTorch threads per cell (results can differ between thread counts)
 * @param splitSeed      seed of every dataset's four-way split
 * @param maxNfrPercent  the regression guard of every cell ({@code kintsugi repair --max-nfr}): each repair returns
 *                       its best candidate whose valid-split NFR is at most this, or the original; null (the
 *                       study's setting) for none
 */
public record StudyPlan(List<String> approaches, List<String> benchmarks, int seeds, long budgetSeconds,
                        int threadsPerCell, long splitSeed, Double maxNfrPercent) {

    public StudyPlan {
        approaches = List.copyOf(approaches);
        benchmarks = List.copyOf(benchmarks);
        if (approaches.isEmpty() || benchmarks.isEmpty()) {
            throw new KintsugiException("a study needs at least one approach and one benchmark");
        }
        requireUnique(approaches, "--approaches");
        requireUnique(benchmarks, "--benchmarks");
        approaches.forEach(RepairRegistry::get);
        benchmarks.forEach(Benchmark::named);
        if (seeds < 1) {
            throw new KintsugiException("--seeds must be at least 1, got " + seeds);
        }
        if (budgetSeconds < 1) {
            throw new KintsugiException("--cell-budget must be at least one second");
        }
        if (threadsPerCell < 1) {
            throw new KintsugiException("--threads must be at least 1");
        }
        dev.kintsugi.repair.RegressionGuard.requireValidBudget(maxNfrPercent);
    }

    /** A plan without a regression guard, as the study ran its approaches. */
    public StudyPlan(List<String> approaches, List<String> benchmarks, int seeds, long budgetSeconds,
                     int threadsPerCell, long splitSeed) {
        this(approaches, benchmarks, seeds, budgetSeconds, threadsPerCell, splitSeed, null);
    }

    /** Every cell, benchmark by benchmark, seed by seed, approach by approach (the order of study.json). */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (String b : benchmarks) {
            for (int s = 0; s < seeds; s++) {
                for (String a : approaches) {
                    cells.add(new Cell(b, a, s));
                }
            }
        }
        return cells;
    }

    /** The hard limit of a cell's wall time: twice the repair budget plus a minute for loading and evaluation. */
    public long hardLimitSeconds() {
        return 2 * budgetSeconds + 60;
    }

    public Optional<String> differenceFrom(StudyPlan recorded) {
        return JsonDifference.between(recorded, this);
    }

    private static void requireUnique(List<String> names, String option) {
        if (new HashSet<>(names).size() != names.size()) {
            throw new KintsugiException(option + " names one entry twice: " + String.join(", ", names));
        }
    }
}
