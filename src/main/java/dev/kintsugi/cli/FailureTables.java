package dev.kintsugi.cli;

import dev.kintsugi.failures.AccuracyRow;
import dev.kintsugi.failures.FailureStudyResult;
import dev.kintsugi.failures.SweepPoint;

import java.util.Locale;

/** Terminal tables of a failure study: Table 2's layout and the λ sweep. */
final class FailureTables {
    private FailureTables() {
    }

    static String accuracy(FailureStudyResult r) {
        TextTable t = new TextTable("model", "test %", "debug-seed %", "debug-heldout %");
        for (AccuracyRow row : r.accuracy()) {
            t.row(row.model(), pct(row.test()), pct(row.debugSeed()), pct(row.debugHeldout()));
        }
        StringBuilder s = new StringBuilder(t.render());
        if (!r.lambdaSweep().isEmpty()) {
            TextTable l = new TextTable("λ", "test %", "debug-seed %", "debug-heldout %");
            for (SweepPoint p : r.lambdaSweep()) {
                l.row(String.format(Locale.ROOT, "%.2f", p.lambda()), pct(p.test()), pct(p.debugSeed()),
                        pct(p.debugHeldout()));
            }
            s.append(l.render());
        }
        return s.toString();
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", 100 * v);
    }
}
