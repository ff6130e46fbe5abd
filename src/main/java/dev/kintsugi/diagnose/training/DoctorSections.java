package dev.kintsugi.diagnose.training;

import dev.kintsugi.report.Charts;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;
import dev.kintsugi.train.EpochStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Report sections for the training doctor: findings, curves with the findings marked, the per-layer gradient
 * heatmap (layers × epochs), activation statistics, the doctor's overhead, and (fix mode) every repair attempt.
 */
public final class DoctorSections {
    private DoctorSections() {
    }

    public static void findings(Section section, DoctorReport report) {
        if (report.findings().isEmpty()) {
            section.paragraph("The doctor found no problem.");
        } else {
            Table t = Table.withHeaders("epoch", "severity", "check", "problem", "evidence", "fix");
            report.findings().forEach(f -> t.row(f.epoch(), f.severity(), f.check(), f.problem(), f.evidence(), f.fix()));
            section.table(t);
        }
        section.paragraph(String.format(Locale.ROOT, "Doctor overhead: %.2f%% of training time (%.3f s over %d "
                        + "sampled batches, training %.1f s).", 100 * report.overhead(), report.doctorSeconds(),
                report.sampledBatches(), report.trainingSeconds()));
    }

    /** Loss and accuracy per epoch with a vertical marker at each finding's epoch. */
    public static void curves(Section section, List<EpochStats> epochs, DoctorReport report) {
        List<Charts.Marker> markers = new ArrayList<>();
        report.findings().forEach(f -> markers.add(new Charts.Marker(f.epoch(), f.check())));
        Map<String, double[]> loss = new LinkedHashMap<>();
        loss.put("train", epochs.stream().mapToDouble(EpochStats::trainLoss).toArray());
        loss.put("valid", epochs.stream().mapToDouble(EpochStats::validLoss).toArray());
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("train", epochs.stream().mapToDouble(EpochStats::trainAccuracy).toArray());
        acc.put("valid", epochs.stream().mapToDouble(EpochStats::validAccuracy).toArray());
        section.chart(Charts.lineChart("Loss, with findings marked", "epoch", "cross-entropy", loss, markers));
        section.chart(Charts.lineChart("Accuracy, with findings marked", "epoch", "accuracy", acc, markers));
    }

    /** log10 of the mean weight-gradient norm per layer and epoch, over the sampled batches. */
    public static void gradientHeatmap(Section section, TrainingSignals s) {
        Map<String, double[]> table = GradientTable.byEpoch(s);
        if (table.isEmpty()) {
            return;
        }
        List<String> rows = new ArrayList<>(table.keySet());
        int epochs = table.values().iterator().next().length;
        double[][] values = new double[rows.size()][epochs];
        for (int l = 0; l < rows.size(); l++) {
            double[] row = table.get(rows.get(l));
            for (int e = 0; e < epochs; e++) {
                values[l][e] = row[e] > 0 ? Math.log10(row[e]) : Double.NaN;
            }
        }
        List<String> cols = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            cols.add(String.valueOf(e));
        }
        section.chart(Charts.heatmap("log10 ‖∇W‖ per layer and epoch (mean over sampled batches)", "layer", "epoch",
                rows, cols, values, rows.size() <= 12 && epochs <= 12));
    }

    /** Each activation layer's statistics on the first and the last sampled batch. */
    public static void activations(Section section, TrainingSignals s) {
        if (s.activations.isEmpty()) {
            return;
        }
        Table t = Table.withHeaders("layer", "sample", "epoch", "mean", "variance", "dead units", "saturated")
                .decimals(4);
        List<ActivationSample> shown = s.activations.size() == 1 ? List.of(s.activations.get(0))
                : List.of(s.activations.get(0), s.activations.get(s.activations.size() - 1));
        for (ActivationSample a : shown) {
            for (ActivationSample.LayerActivation l : a.layers()) {
                if (l.activation() != null) {
                    t.row(l.name(), a == shown.get(0) ? "first" : "last", a.epoch(), l.mean(), l.variance(),
                            l.deadShare(), l.saturatedShare());
                }
            }
        }
        section.table(t.caption("Activation statistics (inference mode, first and last sampled batch)"));
        ActivationSample first = s.activations.get(0);
        section.paragraph(String.format(Locale.ROOT, "Inputs as the network sees them: range [%.3g, %.3g], mean %.3g, "
                + "std %.3g.", first.inputMin(), first.inputMax(), first.inputMean(), first.inputStd()));
    }

    public static void attempts(Section section, DoctorReport report) {
        if (report.attempts().isEmpty()) {
            return;
        }
        Table t = Table.withHeaders("problem", "fix", "from epoch", "problem gone", "valid acc", "to beat", "verdict",
                "valid loss", "loss to beat", "still seen", "seconds").decimals(4).decimals("seconds", 1);
        report.attempts().forEach(a -> t.row(a.problem(), a.fix(), a.fromEpoch(), a.problemGone() ? "yes" : "no",
                a.validAccuracy(), a.baseline(), a.verdict(), a.validLoss(), a.baselineLoss(),
                String.join(", ", a.remaining()), a.seconds()));
        section.table(t);
        section.paragraph(report.appliedFixes().isEmpty() ? "No fix was kept."
                : "Fixes kept: " + String.join(", ", report.appliedFixes()) + ".");
    }
}
