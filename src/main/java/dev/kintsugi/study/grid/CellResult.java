package dev.kintsugi.study.grid;

/**
 * What one finished cell measured on its benchmark's test split, as {@code kintsugi compare} measures it.
 * Rates and accuracies are in percent; a metric the benchmark does not measure (AAOD without a sensitive
 * attribute) or that is undefined is null. A cell that did not finish has status {@code time-out} or
 * {@code failed}, a note saying why, and null metrics.
 *
 * @param status        {@code ok}, {@code time-out} or {@code failed}
 * @param note          the guard's decision, or why the cell did not finish
 * @param changedValues parameter values the repair changed
 * @param repairSeconds wall time of the repair itself
 * @param cellSeconds   wall time of the whole cell: loading, repair, evaluation, writing
 * @param peakRssBytes  peak resident memory of the cell's process
 * @param processSeconds wall time of the cell's process as the engine saw it (start-up included), null when
 *                      the engine did not record it
 */
public record CellResult(String benchmark, String approach, int seed, String status, String note,
                         Double accOriginal, Double acc, Double dAcc, Double rr, Double nfr,
                         Double asrOriginal, Double asr, Double dAsr, Double aaodOriginal, Double aaod, Double dAaod,
                         Long changedValues, Double repairSeconds, Double cellSeconds, Long peakRssBytes,
                         Double processSeconds) {
    public static final String OK = "ok";
    public static final String TIME_OUT = "time-out";
    public static final String FAILED = "failed";

    public Cell cell() {
        return new Cell(benchmark, approach, seed);
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** This result with the engine's measure of the cell's process time. */
    public CellResult withProcessSeconds(double seconds) {
        return new CellResult(benchmark, approach, seed, status, note, accOriginal, acc, dAcc, rr, nfr, asrOriginal, asr,
                dAsr, aaodOriginal, aaod, dAaod, changedValues, repairSeconds, cellSeconds, peakRssBytes, seconds);
    }

    /** A cell that did not finish, with why. */
    public static CellResult unfinished(Cell c, String status, String note, double cellSeconds) {
        return new CellResult(c.benchmark(), c.approach(), c.seed(), status, note, null, null, null, null, null, null,
                null, null, null, null, null, null, null, cellSeconds, null, null);
    }
}
