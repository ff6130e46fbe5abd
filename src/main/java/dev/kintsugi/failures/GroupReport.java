package dev.kintsugi.failures;

import dev.kintsugi.report.Charts;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The HTML sections of a {@link GroupStudy}: the IoU heatmap (Figure 4) and collective debugging (Figure 6). */
public final class GroupReport {
    private GroupReport() {
    }

    public static void addAll(HtmlReport report, GroupStudy.Result r) {
        Section overlap = report.section("Failure overlap (the paper's Figure 4)");
        overlap.paragraph("Intersection over union of the models' failures on the repair split, models grouped by "
                + "architecture family: " + r.iouInWords() + ".");
        overlap.chart(Charts.heatmap("Failure IoU", r.members(), r.members(), r.iou(), r.members().size() <= 12));

        Section collective = report.section("Collective debugging (the paper's Figure 6)");
        collective.paragraph(String.format(Locale.ROOT, "Per family, one debug_train mitigates every model of the "
                        + "family (%s), built two ways: type 1 from the failure modes of all the family's models "
                        + "pooled, type 2 from one model's (the representative's). Each model is also mitigated with "
                        + "its own. Relative accuracy = collective / individual accuracy on the model's own "
                        + "debug-heldout (0 before debugging). Mean relative accuracy: type 1 %.1f%%; type 2 %.1f%% "
                        + "(%.1f%% over the non-representatives). The paper reports at least 75%%.", r.mitigation(),
                100 * r.meanRelativePooled(), 100 * r.meanRelative(), 100 * r.meanRelativeNonRepresentatives()));
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        Table t = Table.withHeaders("model", "family", "test %", "failures", "individual heldout %",
                "type 1 heldout %", "type 1 relative %", "type 2 from", "type 2 heldout %", "type 2 relative %")
                .decimals(2);
        for (GroupStudy.MemberResult m : r.collective()) {
            Map<String, Double> byType = new LinkedHashMap<>();
            byType.put("type 1 (pooled)", 100 * m.relativePooled());
            byType.put("type 2 (the representative's)", 100 * m.relative());
            bars.put(m.name(), byType);
            t.row(m.name(), m.family(), 100 * m.testAccuracy(), m.failures(), 100 * m.individual(),
                    100 * m.pooled(), 100 * m.relativePooled(), m.representative(), 100 * m.collective(),
                    100 * m.relative());
        }
        collective.chart(Charts.groupedBarChart("Relative accuracy, collective / individual", "model", "%", bars));
        collective.table(t);
        Map<String, Object> times = new LinkedHashMap<>();
        r.seconds().forEach((k, v) -> times.put(k, String.format(Locale.ROOT, "%.1f s", v)));
        report.section("Wall time per step").keyValues(times);
    }
}
