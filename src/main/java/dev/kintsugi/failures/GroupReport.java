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
        overlap.paragraph(String.format(Locale.ROOT, "Intersection over union of the models' failures on the repair "
                        + "split, models grouped by architecture family. Mean IoU within a family %.2f, across "
                        + "families %.2f.", r.meanIouSameFamily(), r.meanIouOtherFamilies()));
        overlap.chart(Charts.heatmap("Failure IoU", r.members(), r.members(), r.iou(), r.members().size() <= 12));

        Section collective = report.section("Collective debugging (the paper's Figure 6)");
        collective.paragraph(String.format(Locale.ROOT, "Per family, debug_train is generated from one model's failure "
                        + "modes (the representative) and every model of the family is mitigated with it (%s); each "
                        + "model is also mitigated with its own. Relative accuracy = collective / individual accuracy "
                        + "on the model's own debug-heldout (0 before debugging). Mean relative accuracy %.1f%% "
                        + "(%.1f%% over the non-representatives; the paper reports at least 75%%).", r.mitigation(),
                100 * r.meanRelative(), 100 * r.meanRelativeNonRepresentatives()));
        Map<String, Double> bars = new LinkedHashMap<>();
        Table t = Table.withHeaders("model", "family", "debug_train from", "test %", "failures",
                "individual heldout %", "collective heldout %", "relative %").decimals(2);
        for (GroupStudy.MemberResult m : r.collective()) {
            bars.put(m.name(), 100 * m.relative());
            t.row(m.name(), m.family(), m.representative(), 100 * m.testAccuracy(), m.failures(), 100 * m.individual(),
                    100 * m.collective(), 100 * m.relative());
        }
        collective.chart(Charts.barChart("Relative accuracy, collective / individual", "model", "%", bars));
        collective.table(t);
        Map<String, Object> times = new LinkedHashMap<>();
        r.seconds().forEach((k, v) -> times.put(k, String.format(Locale.ROOT, "%.1f s", v)));
        report.section("Wall time per step").keyValues(times);
    }
}
