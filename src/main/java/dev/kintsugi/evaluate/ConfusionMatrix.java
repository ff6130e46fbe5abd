package dev.kintsugi.evaluate;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)}. Rows are true classes, columns
 * predictions, as in scikit-learn.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int numClasses) {
        counts = new long[numClasses][numClasses];
    }

    public static ConfusionMatrix of(Predictions p) {
        ConfusionMatrix m = new ConfusionMatrix(p.numClasses());
        for (int i = 0; i < p.size(); i++) {
            m.counts[p.label(i)][p.predicted(i)]++;
        }
        return m;
    }

    /** Over the samples {@code i} with {@code include[i]} (for example one group of a sensitive attribute). */
    public static ConfusionMatrix of(Predictions p, boolean[] include) {
        ConfusionMatrix m = new ConfusionMatrix(p.numClasses());
        for (int i = 0; i < p.size(); i++) {
            if (include[i]) {
                m.counts[p.label(i)][p.predicted(i)]++;
            }
        }
        return m;
    }

    public int numClasses() {
        return counts.length;
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /** Samples of class c. */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    /** Samples predicted as class c. */
    public long predictedCount(int c) {
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    public long truePositives(int c) {
        return counts[c][c];
    }

    public long falseNegatives(int c) {
        return support(c) - counts[c][c];
    }

    public long falsePositives(int c) {
        return predictedCount(c) - counts[c][c];
    }

    public long trueNegatives(int c) {
        return total() - support(c) - predictedCount(c) + counts[c][c];
    }

    /** Recall of class c (its per-class accuracy); NaN when the class has no samples. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) counts[c][c] / s;
    }

    /** Precision of class c; NaN when nothing was predicted as c. */
    public double precision(int c) {
        long s = predictedCount(c);
        return s == 0 ? Double.NaN : (double) counts[c][c] / s;
    }

    public double accuracy() {
        long n = total();
        if (n == 0) {
            return Double.NaN;
        }
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return (double) correct / n;
    }

    /** A copy of the counts, rows = true class. */
    public long[][] toArray() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }
}
