package dev.kintsugi.diagnose.training;

import dev.kintsugi.report.HtmlReport;

import java.nio.file.Path;

/** The doctor's self-contained HTML report: findings, curves, gradients, activations and repair attempts. */
public final class DoctorHtml {
    public static final String FILE = "doctor.html";
    public static final String JSON = "doctor.json";

    private DoctorHtml() {
    }

    public static HtmlReport build(String title, DoctoredRun run) {
        HtmlReport html = HtmlReport.titled(title).subtitle("Training doctor, mode " + run.report().mode() + ", "
                + run.network().spec());
        DoctorSections.findings(html.section("Findings"), run.report());
        if (!run.report().attempts().isEmpty()) {
            if (!run.report().original().isEmpty()) {
                DoctorReport original = new DoctorReport("fix", run.report().original(), run.report().original(),
                        java.util.List.of(), java.util.List.of(), 0, 0, 0, 0, run.report().thresholds(), java.util.Map.of());
                DoctorSections.findings(html.section("Findings on the original run"), original);
            }
            DoctorSections.attempts(html.section("Repair attempts"), run.report());
        }
        DoctorSections.curves(html.section("Loss and accuracy"), run.history().epochs, run.report());
        DoctorSections.gradientHeatmap(html.section("Gradient norms per layer"), run.signals());
        DoctorSections.activations(html.section("Activations"), run.signals());
        return html;
    }

    public static void write(Path file, String title, DoctoredRun run) {
        build(title, run).write(file);
    }
}
