package dev.kintsugi.study.grid;

import dev.kintsugi.report.Charts;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Shading;
import dev.kintsugi.report.Table;
import dev.kintsugi.study.ComparisonReport;
import dev.kintsugi.util.AtomicFiles;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a study's results: {@code study.json} (plan, every cell, the summary, rank groups and findings),
 * {@code study.csv} (one row per cell) and a self-contained {@code study.html} (per benchmark a heat-shaded
 * table of means with 95% intervals and rank groups, an RR/NFR scatter; time and memory per approach; the
 * findings), each atomically.
 */
public final class StudyReport {
    public static final String JSON = "study.json";
    public static final String CSV = "study.csv";
    public static final String HTML = "study.html";
    /** The rank groups the tables show; both procedures are in study.json. */
    public static final String SHOWN_GROUPS = "compact letter display (pairwise Mann-Whitney, Holm, α = 0.05)";

    private StudyReport() {
    }

    public static void write(GridStudy.Outcome o, Provenance provenance) {
        Path root = o.folder().root();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "kintsugi.study/1");
        json.put("plan", o.folder().plan());
        json.put("rankGroupsShown", SHOWN_GROUPS);
        json.put("summary", o.summary());
        json.put("findings", o.findings());
        json.put("cells", o.cells());
        json.put("provenance", provenance);
        Json.write(root.resolve(JSON), json);
        AtomicFiles.writeString(root.resolve(CSV), csv(o.cells()));
        html(o, provenance).write(root.resolve(HTML));
    }

    static String csv(List<CellResult> cells) {
        StringBuilder s = new StringBuilder("benchmark,approach,seed,status,acc_original,acc,dacc,rr,nfr,asr_original,"
                + "asr,dasr,aaod_original,aaod,daaod,changed_values,repair_seconds,cell_seconds,process_seconds,peak_rss_bytes,note\n");
        for (CellResult c : cells) {
            Object[] v = {c.benchmark(), c.approach(), c.seed(), c.status(), c.accOriginal(), c.acc(), c.dAcc(), c.rr(),
                    c.nfr(), c.asrOriginal(), c.asr(), c.dAsr(), c.aaodOriginal(), c.aaod(), c.dAaod(), c.changedValues(),
                    c.repairSeconds(), c.cellSeconds(), c.processSeconds(), c.peakRssBytes(), c.note()};
            List<String> fields = new ArrayList<>();
            for (Object x : v) {
                fields.add(x == null ? "" : quote(x.toString()));
            }
            s.append(String.join(",", fields)).append('\n');
        }
        return s.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static HtmlReport html(GridStudy.Outcome o, Provenance provenance) {
        StudyPlan plan = o.folder().plan();
        HtmlReport report = HtmlReport.titled("Kintsugi study: " + plan.approaches().size() + " approaches × "
                        + plan.benchmarks().size() + " benchmarks × " + plan.seeds() + " seeds")
                .subtitle("Every cell repairs the benchmark's original for that seed"
                        + (plan.maxNfrPercent() == null ? "" : " under a regression guard (the best candidate with valid "
                        + "NFR at most " + plan.maxNfrPercent() + " %, or the original)")
                        + " and is judged on the test split "
                        + "as kintsugi compare judges; values are means with 95% intervals over seeds.")
                .provenance(ComparisonReport.headline(provenance));
        Section f = report.section("The study's findings, checked");
        Table ft = Table.withHeaders("finding", "verdict", "evidence (95% intervals)");
        o.findings().forEach(x -> ft.row(x.finding(), x.verdict(), String.join(" | ", x.evidence())));
        f.table(ft);
        for (StudySummary.BenchmarkSummary b : o.summary().benchmarks()) {
            Section s = report.section(b.benchmark());
            s.paragraph(b.what() + ". Original: ACC " + b.originals().getOrDefault(Metric.ACC.name(), null)
                    + " %. Rank groups: " + SHOWN_GROUPS + "; letters shared = not significantly different. "
                    + "Scott-Knott ESD groups are in study.json.");
            s.table(benchmarkTable(b));
            List<Charts.Point> points = new ArrayList<>();
            for (StudySummary.Row r : b.rows()) {
                if (r.metric(Metric.RR) != null && r.metric(Metric.NFR) != null) {
                    points.add(new Charts.Point(r.metric(Metric.NFR).mean(), r.metric(Metric.RR).mean(), r.approach()));
                }
            }
            if (!points.isEmpty()) {
                s.chart(Charts.scatter(b.benchmark() + ": repair rate against negative flip rate (means over seeds)",
                        "NFR %", "RR %", points));
            }
        }
        Section cost = report.section("Time and memory per approach");
        Table ct = Table.withHeaders("benchmark", "approach", "repair time s", "± 95%", "peak RSS MiB", "cells ok",
                "time-outs", "failed");
        Map<String, Double> meanTime = new LinkedHashMap<>();
        for (StudySummary.BenchmarkSummary b : o.summary().benchmarks()) {
            for (StudySummary.Row r : b.rows()) {
                Interval t = r.metric(Metric.TIME);
                Interval m = r.metric(Metric.MEMORY);
                ct.row(b.benchmark(), r.approach(), t == null ? null : t.mean(), t == null ? null : t.halfWidth(),
                        m == null ? null : m.mean(), r.ok(), r.timeOuts(), r.failed());
                if (t != null) {
                    meanTime.merge(r.approach(), t.mean() / plan.benchmarks().size(), Double::sum);
                }
            }
        }
        ct.decimals(1).shade("repair time s", Shading.LOWER_IS_BETTER).shade("peak RSS MiB", Shading.LOWER_IS_BETTER);
        cost.table(ct);
        if (!meanTime.isEmpty()) {
            cost.chart(Charts.barChart("Mean repair time per approach over benchmarks", "approach", "seconds", meanTime));
        }
        return report;
    }

    private static Table benchmarkTable(StudySummary.BenchmarkSummary b) {
        List<String> headers = new ArrayList<>(List.of("approach", "level", "cells ok"));
        List<Metric> shown = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (m.isCost() || b.rows().stream().noneMatch(r -> r.metric(m) != null)) {
                continue;
            }
            shown.add(m);
            headers.add(m.label() + (m.unit().isEmpty() ? "" : " " + m.unit()));
            headers.add("±");
            if (b.letters().containsKey(m.name())) {
                headers.add(m.label() + " group");
            }
        }
        Table t = Table.withHeaders(headers);
        for (StudySummary.Row r : b.rows()) {
            List<Object> row = new ArrayList<>(List.of(r.approach(), r.level(), r.ok() + "/" + r.cells()));
            for (Metric m : shown) {
                Interval i = r.metric(m);
                row.add(i == null ? null : i.mean());
                row.add(i == null ? null : i.n() < 2 ? "n=" + i.n() : String.format(Locale.ROOT, "%.2f", i.halfWidth()));
                if (b.letters().containsKey(m.name())) {
                    row.add(b.letters().get(m.name()).getOrDefault(r.approach(), ""));
                }
            }
            t.row(row);
        }
        t.decimals(2);
        for (Metric m : shown) {
            String col = m.label() + (m.unit().isEmpty() ? "" : " " + m.unit());
            t.shade(col, m.label().startsWith("⇑") ? Shading.IMPROVEMENT
                    : m.higherIsBetter() ? Shading.HIGHER_IS_BETTER : Shading.LOWER_IS_BETTER);
        }
        return t.caption("Means over seeds; ± is the half-width of the 95% interval.");
    }
}
