package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Per-sample predictions of one model on one dataset: true label, predicted class and class
 * probabilities, in dataset order, so two models can be compared sample by sample.
 */
public final class Predictions {
    private final String datasetName;
    private final int[] labels;
    private final int[] predicted;
    private final float[] probabilities;
    private final int numClasses;

    public Predictions(String datasetName, int[] labels, int[] predicted, float[] probabilities, int numClasses) {
        if (labels.length != predicted.length || (long) labels.length * numClasses != probabilities.length) {
            throw new IllegalArgumentException("labels, predictions and probabilities disagree in length");
        }
        this.datasetName = datasetName;
        this.labels = labels;
        this.predicted = predicted;
        this.probabilities = probabilities;
        this.numClasses = numClasses;
    }

    public String datasetName() {
        return datasetName;
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return numClasses;
    }

    public int label(int i) {
        return labels[i];
    }

    public int predicted(int i) {
        return predicted[i];
    }

    public boolean correct(int i) {
        return labels[i] == predicted[i];
    }

    public float probability(int i, int c) {
        return probabilities[i * numClasses + c];
    }

    public int[] labels() {
        return labels.clone();
    }

    public int[] predictedClasses() {
        return predicted.clone();
    }

    public double accuracy() {
        if (labels.length == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** Share of class {@code c}'s samples predicted as {@code c}; NaN when there are none. */
    public double recall(int c) {
        int n = 0;
        int hit = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                n++;
                if (predicted[i] == c) {
                    hit++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) hit / n;
    }

    /** Mean recall over the classes present in the labels: accuracy with every class weighted equally. */
    public double balancedAccuracy() {
        double sum = 0;
        int k = 0;
        for (int c = 0; c < numClasses; c++) {
            double r = recall(c);
            if (!Double.isNaN(r)) {
                sum += r;
                k++;
            }
        }
        return k == 0 ? Double.NaN : sum / k;
    }

    /** Mean cross-entropy of the true labels (probabilities floored at 1e-12 so a certain mistake stays finite). */
    public double meanLoss() {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(probability(i, labels[i]), 1e-12));
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }

    /** Writes {@code index,label,predicted,p0..pk} as CSV, atomically. */
    public void writeCsv(Path file, List<String> classNames) {
        StringBuilder sb = new StringBuilder("index,label,predicted");
        for (String c : classNames) {
            sb.append(",p_").append(c.replace(',', ' '));
        }
        sb.append('\n');
        for (int i = 0; i < labels.length; i++) {
            sb.append(i).append(',').append(labels[i]).append(',').append(predicted[i]);
            for (int c = 0; c < numClasses; c++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", probability(i, c)));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** Reads a file written by {@link #writeCsv}. */
    public static Predictions readCsv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                throw new KintsugiException(file + ": empty predictions file");
            }
            int k = lines.get(0).split(",").length - 3;
            int n = lines.size() - 1;
            int[] labels = new int[n];
            int[] predicted = new int[n];
            float[] probs = new float[n * k];
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",");
                if (cells.length != k + 3) {
                    throw new KintsugiException(file + ": line " + (i + 2) + " has " + cells.length
                            + " cells, expected " + (k + 3));
                }
                labels[i] = Integer.parseInt(cells[1]);
                predicted[i] = Integer.parseInt(cells[2]);
                for (int c = 0; c < k; c++) {
                    probs[i * k + c] = Float.parseFloat(cells[3 + c]);
                }
            }
            return new Predictions(file.getFileName().toString(), labels, predicted, probs, k);
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new KintsugiException(file + ": not a predictions CSV (" + e.getMessage() + ")", e);
        }
    }
}
