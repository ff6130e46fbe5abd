package dev.kintsugi.diagnose.data;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.report.Section;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one check returns: its findings, machine-readable metrics for the JSON output (numbers, lists,
 * nested maps that Jackson can write), a contribution to the HTML report section named after the check,
 * and how long it took.
 */
public record CheckResult(String check, List<Finding> findings, Map<String, Object> metrics,
                          Consumer<Section> report, double seconds) {
    public CheckResult {
        findings = List.copyOf(findings);
        metrics = Map.copyOf(metrics);
        report = report == null ? section -> { } : report;
    }
}
