package dev.kintsugi.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report with every block type, filled with plausible repair-study numbers, for tests to inspect. */
final class SampleReport {
    static final int IMAGE_SCALE = 4;
    static final int IMAGE_SIDE = 28;
    static final int IMAGE_COUNT = 6;
    static final int CHART_COUNT = 6;

    private SampleReport() {
    }

    static HtmlReport build() {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("command", "kintsugi repair --model fashion.pt --out repaired/");
        provenance.put("time", "2025-01-01T12:00:00Z");
        provenance.put("kintsugi", "0.1.0");
        provenance.put("DJL", "0.35.1");
        HtmlReport report = HtmlReport.titled("Kintsugi report: Fashion-MNIST <CNN>")
                .subtitle("Diagnosis, repair and verification of a small convolutional classifier")
                .provenance(provenance);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("epochs", 12);
        settings.put("learning rate", 0.001);
        settings.put("optimizer", "Adam");
        report.section("Training")
                .paragraph("Validation loss rises after epoch 7 while training loss keeps falling: overfitting.")
                .keyValues(settings)
                .chart(Charts.lineChart("Loss per epoch", "epoch", "loss", lossCurves(),
                        List.of(new Charts.Marker(7, "overfitting starts"), new Charts.Marker(9, "early stop"))))
                .chart(Charts.heatmap("Gradient norm per layer", "layer", "epoch",
                        List.of("conv1", "conv2", "fc1", "fc2"), epochLabels(12), gradientNorms(), false));

        report.section("Repairs")
                .table(repairTable())
                .chart(Charts.scatter("Repair rate vs. new-failure rate", "repair rate (RR)",
                        "new-failure rate (NFR)", List.of(
                                new Charts.Point(0.42, 0.031, "retrain"), new Charts.Point(0.55, 0.048, "Arachne"),
                                new Charts.Point(0.31, 0.012, "CARE"), new Charts.Point(0.61, 0.075, "AutoTrainer"))))
                .chart(Charts.groupedBarChart("Accuracy before and after repair", "model", "accuracy",
                        accuracyByModel()))
                .chart(Charts.boxPlot("Accuracy across 10 seeds", "accuracy", accuracyAcrossSeeds()));

        report.section("Misclassified examples")
                .chart(Charts.heatmap("Confusion matrix (validation)", "true class", "predicted class",
                        classes(), classes(), confusion(), true))
                .imageGrid(images());
        return report;
    }

    static Table repairTable() {
        return Table.withHeaders("repair", "accuracy", "⇑ accuracy", "new failures")
                .caption("Repairs ranked by accuracy change")
                .shade("accuracy", Shading.HIGHER_IS_BETTER)
                .shade("⇑ accuracy", Shading.IMPROVEMENT)
                .shade("new failures", Shading.LOWER_IS_BETTER)
                .decimals("⇑ accuracy", 2)
                .row("retrain", 0.902, 0.84, 41)
                .row("Arachne", 0.911, 1.85, 57)
                .row("CARE", 0.893, -0.17, 12)
                .row("AutoTrainer <fast>", 0.874, -2.31, 90);
    }

    private static Map<String, double[]> lossCurves() {
        double[] train = new double[12];
        double[] val = new double[12];
        for (int i = 0; i < 12; i++) {
            train[i] = 1.2 * Math.exp(-0.25 * i) + 0.1;
            val[i] = 1.25 * Math.exp(-0.25 * i) + 0.18 + (i > 6 ? 0.04 * (i - 6) : 0);
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("training", train);
        curves.put("validation", val);
        return curves;
    }

    private static List<String> epochLabels(int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            labels.add(Integer.toString(i));
        }
        return labels;
    }

    private static double[][] gradientNorms() {
        double[][] norms = new double[4][12];
        for (int layer = 0; layer < 4; layer++) {
            for (int epoch = 0; epoch < 12; epoch++) {
                norms[layer][epoch] = (4 - layer) * Math.exp(-0.2 * epoch) + 0.05 * layer;
            }
        }
        return norms;
    }

    private static Map<String, Map<String, Double>> accuracyByModel() {
        Map<String, Map<String, Double>> byModel = new LinkedHashMap<>();
        byModel.put("MLP", Map.of("before", 0.861, "after", 0.874));
        byModel.put("CNN", Map.of("before", 0.902, "after", 0.911));
        byModel.put("ResNet-8", Map.of("before", 0.917, "after", 0.923));
        // Map.of has no order; fix the series order so the legend reads "before, after".
        byModel.replaceAll((model, v) -> {
            Map<String, Double> ordered = new LinkedHashMap<>();
            ordered.put("before", v.get("before"));
            ordered.put("after", v.get("after"));
            return ordered;
        });
        return byModel;
    }

    private static Map<String, double[]> accuracyAcrossSeeds() {
        Map<String, double[]> samples = new LinkedHashMap<>();
        samples.put("original", new double[] {0.90, 0.902, 0.898, 0.905, 0.899, 0.901, 0.897, 0.903, 0.9, 0.88});
        samples.put("retrain", new double[] {0.904, 0.91, 0.907, 0.902, 0.906, 0.909, 0.903, 0.905, 0.908, 0.92});
        samples.put("Arachne", new double[] {0.91, 0.912, 0.908, 0.915, 0.909, 0.911, 0.913, 0.907, 0.91, 0.914});
        return samples;
    }

    private static List<String> classes() {
        return List.of("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot");
    }

    private static double[][] confusion() {
        double[][] m = new double[10][10];
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                m[i][j] = i == j ? 850 + 10 * i : (i * 7 + j * 3) % 23;
            }
        }
        m[6][0] = 120;
        m[4][6] = 95;
        return m;
    }

    static ImageGrid images() {
        ImageGrid grid = ImageGrid.scaledBy(IMAGE_SCALE);
        String[][] captions = {{"Coat", "Shirt"}, {"Shirt", "T-shirt"}, {"Pullover", "Coat"}};
        for (int k = 0; k < IMAGE_COUNT; k++) {
            boolean rgb = k % 2 == 1;
            int channels = rgb ? 3 : 1;
            float[] pixels = new float[channels * IMAGE_SIDE * IMAGE_SIDE];
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < IMAGE_SIDE; y++) {
                    for (int x = 0; x < IMAGE_SIDE; x++) {
                        double dx = x - 13.5;
                        double dy = y - 13.5 - k;
                        pixels[(c * IMAGE_SIDE + y) * IMAGE_SIDE + x] =
                                (float) Math.max(0, 1 - Math.sqrt(dx * dx + dy * dy) / (8 + 2 * c + k));
                    }
                }
            }
            String[] pair = captions[k % captions.length];
            grid.add(pixels, new int[] {channels, IMAGE_SIDE, IMAGE_SIDE},
                    "label: " + pair[0] + " / predicted: " + pair[1]);
        }
        return grid;
    }
}
