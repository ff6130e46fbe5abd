package dev.kintsugi.study;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.model.Engines;
import dev.kintsugi.report.ComparisonSections;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a comparison for people and machines: {@code comparison.html} (self-contained, with charts)
 * and {@code comparison.json} (the same numbers; schema in docs/comparison-json.md), each atomically,
 * with the provenance of the run inside the JSON.
 */
public final class ComparisonReport {
    public static final String HTML = "comparison.html";
    public static final String JSON = "comparison.json";

    /** Where the two files went. */
    public record Files(Path html, Path json) {
    }

    private ComparisonReport() {
    }

    public static Files write(ModelComparison comparison, Dataset test, Path dir, String command, long startNanos) {
        return write(comparison, test, dir, command, startNanos, report -> { });
    }

    /** As {@link #write(ModelComparison, Dataset, Path, String, long)}, with extra sections appended. */
    public static Files write(ModelComparison comparison, Dataset test, Path dir, String command, long startNanos,
                              java.util.function.Consumer<HtmlReport> extraSections) {
        Provenance provenance = Provenance.of("comparison", command).seed(comparison.settings().seed())
                .input("original", comparison.original().source(), comparison.original().checksum())
                .input("test", test.name(), test.checksum());
        comparison.fixed().forEach(f -> provenance.input("fixed", f.source(), f.checksum()));
        provenance.cost(startNanos);
        HtmlReport report = HtmlReport.titled("Kintsugi comparison: " + comparison.original().name() + " against "
                        + comparison.fixed().size() + " fix(es)")
                .subtitle(test.name() + ", " + test.size() + " samples")
                .provenance(headline(provenance));
        ComparisonSections.addAll(report, comparison, test);
        extraSections.accept(report);
        Path html = dir.resolve(HTML);
        report.write(html);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "kintsugi.comparison/1");
        json.put("comparison", comparison);
        json.put("provenance", provenance);
        Path jsonFile = dir.resolve(JSON);
        Json.write(jsonFile, json);
        return new Files(html, jsonFile);
    }

    public static Map<String, String> headline(Provenance p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("command", p.command);
        m.put("kintsugi", p.kintsugiVersion + " (" + p.kintsugiCommit + ")");
        m.put("DJL / PyTorch", p.djlVersion + " / " + p.pytorchVersion);
        m.put("threads", String.valueOf(Engines.threads()));
        m.put("seed", String.valueOf(p.seed));
        m.put("created", p.createdAt);
        return m;
    }
}
