package dev.kintsugi.diagnose.stability;

import dev.kintsugi.report.Charts;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;
import dev.kintsugi.study.ComparisonReport;
import dev.kintsugi.util.Provenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a study for people and machines into its folder: {@code stability.html} (self-contained, with
 * the box plot, the overlaid loss curves, the churn heatmap and the agreement histograms),
 * {@code stability.json} (schema {@code kintsugi.stability/1}: the {@link StabilityResult} and the
 * provenance) and {@code provenance.json}, each atomically.
 */
public final class StabilityReport {
    public static final String HTML = "stability.html";
    public static final String JSON = "stability.json";
    public static final String PROVENANCE = "provenance.json";

    private StabilityReport() {
    }

    public static void write(StabilityResult result, Provenance provenance, StudyDirectory dir) {
        dir.writeString(HTML, html(result, provenance).toHtml());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "kintsugi.stability/1");
        json.put("result", result);
        json.put("provenance", provenance);
        dir.write(JSON, json);
        dir.write(PROVENANCE, provenance);
    }

    static HtmlReport html(StabilityResult r, Provenance provenance) {
        StudyDesign d = r.design();
        HtmlReport report = HtmlReport.titled("Kintsugi stability: " + d.architecture() + " on " + d.dataset() + ", "
                        + r.runs().size() + " runs varying " + d.vary().label())
                .subtitle(String.format(Locale.ROOT, "%d epochs each, test split of %d inputs; every other source of "
                        + "randomness fixed at seed %d", d.training().epochs(), r.testSize(), d.baseSeed()))
                .provenance(ComparisonReport.headline(provenance));
        summary(report.section("Summary"), r);
        accuracy(report.section("Final test accuracy"), r);
        lossCurves(report.section("Loss curves"), r);
        collapses(report.section("Collapsed runs"), r);
        churn(report.section("Prediction churn"), r);
        agreement(report.section("Per-sample agreement"), r);
        return report;
    }

    private static void summary(Section s, StabilityResult r) {
        AccuracySpread a = r.accuracy();
        PredictionAgreement g = r.agreement();
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("runs", r.runs().size());
        kv.put("varied", r.design().vary().label());
        kv.put("test accuracy mean ± std", String.format(Locale.ROOT, "%.4f ± %.4f", a.mean(), a.std()));
        kv.put("test accuracy min / max", String.format(Locale.ROOT, "%.4f / %.4f (range %.2f points)", a.min(), a.max(),
                100 * (a.max() - a.min())));
        kv.put("collapsed runs", r.collapsed());
        kv.put("mean pairwise churn", String.format(Locale.ROOT, "%.2f%% (pairs from %.2f%% to %.2f%%)",
                100 * g.meanChurn(), 100 * g.minChurn(), 100 * g.maxChurn()));
        kv.put("inputs every run gets right", percent(g.alwaysCorrect()));
        kv.put("inputs every run gets wrong", percent(g.alwaysWrong()));
        kv.put("inputs the runs disagree on", percent(1 - g.unanimous()));
        s.keyValues(kv);
    }

    private static void accuracy(Section s, StabilityResult r) {
        double[] acc = r.runs().stream().mapToDouble(StabilityResult.Run::testAccuracy).toArray();
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("vary " + r.design().vary().label(), acc);
        s.chart(Charts.boxPlot("Final test accuracy across runs", "test accuracy", groups));
        Table t = Table.withHeaders("run", "init seed", "order seed", "augmentation seed", "test acc", "valid acc",
                "final train loss", "collapse epoch", "seconds", "resumed");
        for (StabilityResult.Run run : r.runs()) {
            RunSeeds seeds = run.seeds();
            double loss = run.epochs().isEmpty() ? Double.NaN : run.epochs().get(run.epochs().size() - 1).trainLoss();
            t.row(seeds.run(), seeds.init(), seeds.order(), seeds.augmentation() == null ? "off" : seeds.augmentation(),
                    run.testAccuracy(), run.validAccuracy(), loss,
                    run.collapse() == null ? "" : run.collapse().epoch(), run.seconds(), run.resumed() ? "yes" : "");
        }
        s.table(t.decimals(4).decimals("seconds", 1));
    }

    private static void lossCurves(Section s, StabilityResult r) {
        Map<String, double[]> series = new LinkedHashMap<>();
        List<Charts.Marker> markers = new ArrayList<>();
        int longest = 0;
        for (StabilityResult.Run run : r.runs()) {
            String name = "run " + run.seeds().run();
            series.put(name, run.lossCurve());
            longest = Math.max(longest, run.lossCurve().length);
            if (run.collapse() != null) {
                markers.add(new Charts.Marker(run.collapse().epoch(), name + " collapses"));
            }
        }
        s.paragraph("Training loss of every run, averaged over each tenth of an epoch; a vertical line marks the "
                + "epoch at which a run collapsed.");
        s.chart(Charts.lineChart("Training loss, one line per run", "epoch", "training loss",
                LossCurve.epochs(longest), series, markers));
        Map<String, double[]> valid = new LinkedHashMap<>();
        for (StabilityResult.Run run : r.runs()) {
            valid.put("run " + run.seeds().run(), run.epochs().stream().mapToDouble(e -> e.validAccuracy()).toArray());
        }
        s.chart(Charts.lineChart("Validation accuracy, one line per run", "epoch", "validation accuracy", valid));
    }

    private static void collapses(Section s, StabilityResult r) {
        s.paragraph("Rule: " + r.rule().describe() + ".");
        if (r.collapsed() == 0) {
            s.paragraph("No run collapsed.");
            return;
        }
        Table t = Table.withHeaders("run", "epoch", "what", "evidence");
        for (StabilityResult.Run run : r.runs()) {
            if (run.collapse() != null) {
                t.row(run.seeds().run(), run.collapse().epoch(), run.collapse().kind(), run.collapse().evidence());
            }
        }
        s.table(t);
    }

    private static void churn(Section s, StabilityResult r) {
        PredictionAgreement g = r.agreement();
        s.paragraph(String.format(Locale.ROOT, "Churn of two runs is the share of the %d test inputs on which their "
                        + "predicted classes differ. Mean over all %d pairs: %.2f%%.", r.testSize(),
                r.runs().size() * (r.runs().size() - 1) / 2, 100 * g.meanChurn()));
        List<String> names = r.runs().stream().map(run -> "run " + run.seeds().run()).toList();
        double[][] percent = new double[g.churn().length][];
        for (int i = 0; i < percent.length; i++) {
            percent[i] = java.util.Arrays.stream(g.churn()[i]).map(v -> 100 * v).toArray();
        }
        s.chart(Charts.heatmap("Pairwise churn (% of test inputs)", "run", "run", names, names, percent, true));
    }

    private static void agreement(Section s, StabilityResult r) {
        PredictionAgreement g = r.agreement();
        int runs = r.runs().size();
        Map<String, Double> correct = new LinkedHashMap<>();
        for (int k = 0; k <= runs; k++) {
            correct.put(k + "/" + runs, (double) g.correctCountHistogram()[k]);
        }
        Map<String, Double> majority = new LinkedHashMap<>();
        for (int k = 1; k <= runs; k++) {
            majority.put(k + "/" + runs, (double) g.majorityCountHistogram()[k]);
        }
        s.paragraph("How many runs classify each test input correctly, and how many runs share each input's "
                + "majority prediction. Inputs between the extremes are the ones the seed decides.");
        s.chart(Charts.barChart("Test inputs by the number of runs that get them right", "runs correct",
                "test inputs", correct));
        s.chart(Charts.barChart("Test inputs by the number of runs that agree with the majority", "runs agreeing",
                "test inputs", majority));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }
}
