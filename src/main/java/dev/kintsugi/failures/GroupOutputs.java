package dev.kintsugi.failures;

import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.study.ComparisonReport;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes {@code group.json} and {@code group.html} of a {@link GroupStudy}. */
public final class GroupOutputs {
    public static final String JSON = "group.json";
    public static final String HTML = "group.html";

    private GroupOutputs() {
    }

    public static Path write(GroupStudy.Result r, Provenance provenance, String dataName, Path out) {
        HtmlReport report = HtmlReport.titled("Kintsugi failure modes of a group: " + r.members().size() + " models")
                .subtitle(dataName).provenance(ComparisonReport.headline(provenance));
        GroupReport.addAll(report, r);
        report.write(out.resolve(HTML));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "kintsugi.failure-group/1");
        json.put("group", r);
        json.put("provenance", provenance);
        Json.write(out.resolve(JSON), json);
        return out.resolve(HTML);
    }
}
