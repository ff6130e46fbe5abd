package dev.kintsugi.diagnose.data;

import dev.kintsugi.report.Charts;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The drift check's part of the report: the test and its p-value, and for tabular data the features that moved most. */
final class DriftSections {
    static final int FEATURES_SHOWN = 20;

    private DriftSections() {
    }

    static void add(Section section, DriftOutcome o) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reference", o.reference());
        summary.put("compared", o.current());
        summary.put("method", o.method());
        summary.put("p-value", String.format(Locale.ROOT, "%.3g", o.pValue()));
        summary.put("alpha", o.alpha());
        summary.put("alarm", o.alarm() ? "yes" : "no");
        if (o.test() != null) {
            summary.put("statistic", String.format(Locale.ROOT, "%.4g", o.test().statistic()));
            o.test().details().forEach((k, v) -> summary.put(k, v));
        }
        section.keyValues(summary);
        if (o.features().isEmpty()) {
            return;
        }
        section.paragraph("Per-feature Kolmogorov-Smirnov p-values are adjusted over all " + o.features().size()
                + " features (Benjamini-Hochberg: q; Bonferroni also shown). PSI over 10 quantile bins of the"
                + " reference: < 0.1 stable, 0.1-0.25 moderate, > 0.25 major shift.");
        List<FeatureDrift.Row> top = o.features().stream()
                .sorted(Comparator.comparingDouble(FeatureDrift.Row::psi).reversed()).limit(FEATURES_SHOWN).toList();
        Table table = Table.withHeaders("feature", "KS D", "p", "q (BH)", "Bonferroni", "PSI");
        Map<String, Double> psi = new LinkedHashMap<>();
        for (FeatureDrift.Row r : top) {
            table.row("feature " + r.feature(), fmt(r.ks()), fmt(r.p()), fmt(r.q()), fmt(r.bonferroni()), fmt(r.psi()));
            psi.put("feature " + r.feature(), r.psi());
        }
        section.table(table);
        section.chart(Charts.barChart("PSI of the most shifted features", "feature", "PSI", psi));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
