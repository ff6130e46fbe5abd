package dev.kintsugi.report;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.ClassificationSummary;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.train.TrainingHistory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Report sections about one model: how it trained, how it classifies, and what it gets wrong. */
public final class ModelSections {
    private ModelSections() {
    }

    /** Loss and accuracy curves per epoch, training and validation. */
    public static void training(Section section, TrainingHistory history) {
        Map<String, double[]> loss = new LinkedHashMap<>();
        loss.put("train", history.series(s -> s.trainLoss()));
        loss.put("valid", history.series(s -> s.validLoss()));
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("train", history.series(s -> s.trainAccuracy()));
        acc.put("valid", history.series(s -> s.validAccuracy()));
        section.chart(Charts.lineChart("Loss", "epoch", "cross-entropy", loss));
        section.chart(Charts.lineChart("Accuracy", "epoch", "accuracy", acc));
        Table t = Table.withHeaders("epoch", "train loss", "train acc", "valid loss", "valid acc", "lr", "seconds")
                .decimals(4).decimals("epoch", 0).decimals("seconds", 1);
        history.epochs.forEach(s -> t.row(s.epoch(), s.trainLoss(), s.trainAccuracy(), s.validLoss(), s.validAccuracy(),
                s.learningRate(), s.seconds()));
        section.table(t);
        if (history.stoppedEarly != null) {
            section.paragraph("Stopped early: " + history.stoppedEarly + ".");
        }
    }

    /** Accuracy, a per-class table and chart, and the confusion matrix as a heatmap. */
    public static void classification(Section section, ClassificationSummary s) {
        section.paragraph(String.format(Locale.ROOT, "Accuracy on %s: %.2f%% of %d samples.", s.dataset(),
                100 * s.accuracy(), s.samples()));
        Table t = Table.withHeaders("class", "accuracy", "samples").decimals(4).decimals("samples", 0)
                .shade("accuracy", Shading.HIGHER_IS_BETTER);
        s.perClassAccuracy().forEach((c, a) -> t.row(c, a, s.support().get(c)));
        section.table(t);
        section.chart(Charts.barChart("Per-class accuracy", "class", "accuracy", s.perClassAccuracy()));
        section.chart(confusionHeatmap("Confusion matrix (rows: true class)", s));
    }

    /** A confusion matrix as an annotated heatmap, rows true classes, columns predictions. */
    public static Chart confusionHeatmap(String title, ClassificationSummary s) {
        int k = s.classNames().size();
        double[][] values = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                values[i][j] = s.confusion()[i][j];
            }
        }
        return Charts.heatmap(title, "true class", "predicted class", s.classNames(), s.classNames(), values, true);
    }

    /** Up to {@code limit} misclassified inputs, first in dataset order, with label and prediction. */
    public static void mistakes(Section section, Dataset data, Predictions p, int limit) {
        int[] shape = data.sampleShape();
        if (shape.length != 3) {
            return;
        }
        ImageGrid grid = ImageGrid.scaledBy(3);
        List<String> names = data.classNames();
        for (int i = 0; i < p.size() && grid.size() < limit; i++) {
            if (!p.correct(i)) {
                grid.add(data.sample(i), shape, String.format(Locale.ROOT, "#%d %s → %s (%.0f%%)", i,
                        names.get(p.label(i)), names.get(p.predicted(i)), 100 * p.probability(i, p.predicted(i))));
            }
        }
        section.paragraph("Misclassified examples: true class → predicted class (confidence).");
        section.imageGrid(grid);
    }
}
