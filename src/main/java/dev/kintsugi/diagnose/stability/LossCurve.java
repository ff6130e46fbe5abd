package dev.kintsugi.diagnose.stability;

import dev.kintsugi.train.TrainingHistory;

/**
 * A run's training loss at a resolution that still shows sudden jumps but stays small enough to overlay
 * many runs: the mean batch loss over each tenth of an epoch (non-finite losses make their window NaN, a
 * gap in the chart). Point {@code j} ends at epoch {@code (j + 1) / POINTS_PER_EPOCH}.
 */
public final class LossCurve {
    public static final int POINTS_PER_EPOCH = 10;

    private LossCurve() {
    }

    public static double[] of(TrainingHistory history) {
        int epochs = history.epochs.size();
        int batches = history.batchLosses.size();
        if (epochs == 0 || batches == 0) {
            return new double[0];
        }
        double perEpoch = (double) batches / epochs;
        int points = epochs * POINTS_PER_EPOCH;
        double[] curve = new double[points];
        for (int j = 0; j < points; j++) {
            int from = (int) Math.round(j * perEpoch / POINTS_PER_EPOCH);
            int to = Math.max(from + 1, (int) Math.round((j + 1) * perEpoch / POINTS_PER_EPOCH));
            double sum = 0;
            int n = 0;
            for (int b = from; b < Math.min(to, batches); b++) {
                sum += history.batchLosses.get(b);
                n++;
            }
            curve[j] = n == 0 ? Double.NaN : sum / n;
        }
        return curve;
    }

    /** The x value (in epochs) of every point of a curve with {@code points} points. */
    public static double[] epochs(int points) {
        double[] x = new double[points];
        for (int j = 0; j < points; j++) {
            x[j] = (j + 1.0) / POINTS_PER_EPOCH;
        }
        return x;
    }
}
