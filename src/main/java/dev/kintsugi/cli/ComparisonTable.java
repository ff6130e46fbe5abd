package dev.kintsugi.cli;

import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.evaluate.RelativeChange;

import java.util.Locale;

/** The comparison as a terminal table. */
final class ComparisonTable {
    private ComparisonTable() {
    }

    static String render(ModelComparison c) {
        TextTable t = new TextTable("model", "ACC%", "⇑ACC", "RR%", "NFR%", "ASR%", "⇑ASR", "AAOD", "⇑AAOD");
        var o = c.original();
        t.row(o.name() + " (original)", f(100 * o.summary().accuracy()), "", "", "",
                c.robustness() == null ? "" : f(c.robustness().original().ratePercent()), "",
                o.fairness() == null ? "" : f4(o.fairness().aaod()), "");
        for (int i = 0; i < c.changes().size(); i++) {
            var ch = c.changes().get(i);
            Correctness k = ch.correctness();
            t.row(ch.name(), f(100 * k.accuracyFixed()), f(k.accuracyChange()), f(k.repairRatePercent()),
                    f(k.negativeFlipRatePercent()),
                    c.robustness() == null ? "" : f(c.robustness().fixed().get(ch.name()).ratePercent()),
                    f(ch.asrImprovement()), c.fixed().get(i).fairness() == null ? "" : f4(c.fixed().get(i).fairness().aaod()),
                    f(ch.aaodImprovement()));
        }
        return c.dataset() + " (" + c.samples() + " samples)\n" + t.render();
    }

    private static String f(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f4(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f(RelativeChange r) {
        return r == null ? "" : f(r.percent());
    }
}
