package dev.kintsugi.report;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.AttackSuccess;
import dev.kintsugi.evaluate.CorruptionAccuracy;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.evaluate.ModelComparison.FixChange;
import dev.kintsugi.evaluate.ModelComparison.ModelEvaluation;
import dev.kintsugi.evaluate.RelativeChange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison report's sections: the study-style heat table, the RR/NFR trade-off, one chart per
 * axis, confusion matrices, and the inputs each fix broke and repaired.
 */
public final class ComparisonSections {
    private ComparisonSections() {
    }

    /** Every section, in reading order. */
    public static void addAll(HtmlReport report, ModelComparison c, Dataset test) {
        table(report.section("Every axis at a glance"), c);
        tradeOff(report.section("Repair rate against negative flip rate"), c);
        axes(report.section("Each axis"), c);
        confusion(report.section("Confusion matrices"), c);
        examples(report.section("What each fix broke and repaired"), c, test);
    }

    /** The study's table: ⇑ columns shaded green when better, red when worse. */
    public static void table(Section section, ModelComparison c) {
        section.paragraph(String.format(Locale.ROOT, "All numbers on %s (%d samples). ⇑ columns are relative changes "
                + "against the original in percent (positive = better), shaded like the study's heat tables.",
                c.dataset(), c.samples()));
        Table t = Table.withHeaders("model", "ACC %", "⇑ACC", "Δ points", "RR %", "NFR %", "flips", "ASR %", "⇑ASR",
                        "AAOD", "⇑AAOD", "time s", "peak RSS MiB")
                .decimals(2).decimals("flips", 0).decimals("AAOD", 4).decimals("peak RSS MiB", 0)
                .shade("⇑ACC", Shading.IMPROVEMENT).shade("⇑ASR", Shading.IMPROVEMENT).shade("⇑AAOD", Shading.IMPROVEMENT)
                .shade("RR %", Shading.HIGHER_IS_BETTER).shade("NFR %", Shading.LOWER_IS_BETTER);
        ModelEvaluation o = c.original();
        t.row(o.name() + " (original)", 100 * o.summary().accuracy(), "", "", "", "", "", asr(c, null), "",
                aaod(o), "", o.wallTimeSeconds(), mib(o.peakRssBytes()));
        for (int i = 0; i < c.fixed().size(); i++) {
            ModelEvaluation f = c.fixed().get(i);
            FixChange ch = c.changes().get(i);
            Correctness k = ch.correctness();
            t.row(ch.name(), 100 * k.accuracyFixed(), pct(k.accuracyChange()), k.accuracyChangePoints(),
                    k.repairRatePercent(), k.negativeFlipRatePercent(), k.negativeFlips(), asr(c, ch.name()),
                    pct(ch.asrImprovement()), aaod(f), pct(ch.aaodImprovement()), f.wallTimeSeconds(), mib(f.peakRssBytes()));
        }
        section.table(t);
        if (c.robustness() != null) {
            section.paragraph(String.format(Locale.ROOT, "ASR: %s, ε = %s, on %d inputs drawn (seed %d) from the %d that "
                            + "every model classifies correctly.", c.robustness().attack(), c.robustness().epsilon(),
                    c.robustness().attackedInputs(), c.robustness().drawSeed(), c.robustness().eligibleInputs()));
        }
        if (c.original().fairness() != null) {
            section.paragraph("AAOD: average absolute odds difference for attribute '" + c.original().fairness().attribute()
                    + "' (privileged: " + c.original().fairness().privileged().group() + "); lower is fairer.");
        }
    }

    /** RR against NFR, a point per fixed model: up and to the left is better. */
    public static void tradeOff(Section section, ModelComparison c) {
        List<Charts.Point> points = new ArrayList<>();
        for (FixChange ch : c.changes()) {
            Double rr = ch.correctness().repairRatePercent();
            if (rr != null) {
                points.add(new Charts.Point(ch.correctness().negativeFlipRatePercent(), rr, ch.name()));
            }
        }
        if (points.isEmpty()) {
            section.paragraph("No fixed model has a defined repair rate (the original makes no mistakes here).");
            return;
        }
        section.chart(Charts.scatter("Repair rate vs negative flip rate (up and left is better)", "NFR %", "RR %",
                points));
    }

    /** One chart per axis. */
    public static void axes(Section section, ModelComparison c) {
        Map<String, Double> acc = new LinkedHashMap<>();
        acc.put(c.original().name() + " (original)", 100 * c.original().summary().accuracy());
        Map<String, Double> rr = new LinkedHashMap<>();
        Map<String, Double> nfr = new LinkedHashMap<>();
        for (int i = 0; i < c.changes().size(); i++) {
            FixChange ch = c.changes().get(i);
            acc.put(ch.name(), 100 * ch.correctness().accuracyFixed());
            if (ch.correctness().repairRatePercent() != null) {
                rr.put(ch.name(), ch.correctness().repairRatePercent());
            }
            nfr.put(ch.name(), ch.correctness().negativeFlipRatePercent());
        }
        section.chart(Charts.barChart("Accuracy (ACC %)", "model", "ACC %", acc));
        if (!rr.isEmpty()) {
            section.chart(Charts.barChart("Repair rate (RR %)", "fix", "RR %", rr));
        }
        section.chart(Charts.barChart("Negative flip rate (NFR %)", "fix", "NFR %", nfr));
        if (c.robustness() != null && c.robustness().attackedInputs() > 0) {
            Map<String, Double> asr = new LinkedHashMap<>();
            asr.put(c.original().name() + " (original)", c.robustness().original().ratePercent());
            c.robustness().fixed().forEach((name, s) -> asr.put(name, s.ratePercent()));
            section.chart(Charts.barChart("Attack success rate (ASR %)", "model", "ASR %", asr));
        }
        if (c.original().fairness() != null && c.original().fairness().aaod() != null) {
            Map<String, Double> aaod = new LinkedHashMap<>();
            aaod.put(c.original().name() + " (original)", c.original().fairness().aaod());
            for (int i = 0; i < c.fixed().size(); i++) {
                Double v = c.fixed().get(i).fairness().aaod();
                if (v != null) {
                    aaod.put(c.changes().get(i).name(), v);
                }
            }
            section.chart(Charts.barChart("Average absolute odds difference (AAOD)", "model", "AAOD", aaod));
        }
        if (c.original().corruptions() != null) {
            Map<String, Map<String, Double>> byCorruption = new LinkedHashMap<>();
            addCorruptions(byCorruption, c.original().name() + " (original)", c.original().corruptions());
            for (int i = 0; i < c.fixed().size(); i++) {
                addCorruptions(byCorruption, c.changes().get(i).name(), c.fixed().get(i).corruptions());
            }
            section.chart(Charts.groupedBarChart("Accuracy under corruptions (severity 1-3)", "corruption", "accuracy",
                    byCorruption));
        }
    }

    private static void addCorruptions(Map<String, Map<String, Double>> out, String model, CorruptionAccuracy ca) {
        if (ca == null) {
            return;
        }
        for (CorruptionAccuracy.Cell cell : ca.table()) {
            out.computeIfAbsent(cell.corruption() + " " + cell.severity(), k -> new LinkedHashMap<>())
                    .put(model, cell.accuracy());
        }
    }

    /** Confusion matrices of the original and every fix. */
    public static void confusion(Section section, ModelComparison c) {
        heat(section, c.original().name() + " (original)", c.original());
        for (int i = 0; i < c.fixed().size(); i++) {
            heat(section, c.changes().get(i).name(), c.fixed().get(i));
        }
    }

    private static void heat(Section section, String title, ModelEvaluation e) {
        section.chart(ModelSections.confusionHeatmap("Confusion matrix: " + title, e.summary()));
    }

    /** Images of inputs each fix broke (negative flips) and repaired, up to 24 of each. */
    public static void examples(Section section, ModelComparison c, Dataset test) {
        if (test.sampleShape().length != 3) {
            section.paragraph("Inputs are not images; broken and repaired inputs are listed by index in the JSON.");
            return;
        }
        for (FixChange ch : c.changes()) {
            section.paragraph(ch.name() + ": " + ch.broken().length + " inputs broken, " + ch.repaired().length
                    + " repaired.");
            section.imageGrid(grid(test, ch.broken(), "broken"));
            section.imageGrid(grid(test, ch.repaired(), "repaired"));
        }
    }

    private static ImageGrid grid(Dataset test, int[] indices, String what) {
        ImageGrid g = ImageGrid.scaledBy(2);
        for (int j = 0; j < Math.min(24, indices.length); j++) {
            int i = indices[j];
            g.add(test.sample(i), test.sampleShape(), what + " #" + i + " " + test.classNames().get(test.label(i)));
        }
        return g;
    }

    private static Object pct(RelativeChange r) {
        return r == null || r.percent() == null ? "" : r.percent();
    }

    private static Object asr(ModelComparison c, String fixedName) {
        if (c.robustness() == null || c.robustness().attackedInputs() == 0) {
            return "";
        }
        AttackSuccess s = fixedName == null ? c.robustness().original() : c.robustness().fixed().get(fixedName);
        return s == null || s.ratePercent() == null ? "" : s.ratePercent();
    }

    private static Object aaod(ModelEvaluation e) {
        return e.fairness() == null || e.fairness().aaod() == null ? "" : e.fairness().aaod();
    }

    private static Object mib(Long bytes) {
        return bytes == null ? "" : bytes / (1024.0 * 1024.0);
    }
}
