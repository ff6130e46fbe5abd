package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Splits;
import dev.kintsugi.data.SplitsDirectory;
import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;
import dev.kintsugi.util.AtomicFiles;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a data-check run into a fresh folder, atomically: {@value #JSON} (findings and metrics per check),
 * {@value #HTML} (a findings summary, one section per check, provenance) and {@value #PROVENANCE}; with a fix,
 * the corrected copy in {@value #CORRECTED} (a {@link SplitsDirectory} that {@code --data} loads) with its own
 * provenance and {@value #CHANGES}.
 */
public final class DataCheckReport {
    public static final String JSON = "data-check.json";
    public static final String HTML = "data-check.html";
    public static final String PROVENANCE = "provenance.json";
    public static final String CORRECTED = "corrected-data";
    public static final String CHANGES = "changes.csv";

    private DataCheckReport() {
    }

    /**
     * @param provenance the run's provenance (inputs, command, seed); cost is added here
     * @param correction a fix's result, or null
     */
    public static void write(DataDoctor.Outcome outcome, Splits splits, Provenance provenance,
                             DataFix.Correction correction, Path out, boolean force, long startNanos) {
        provenance.cost(startNanos);
        AtomicFiles.writeDirectory(out, force, dir -> {
            Json.write(dir.resolve(JSON), json(outcome, splits, provenance, correction));
            html(outcome, splits, provenance, correction).write(dir.resolve(HTML));
            Json.write(dir.resolve(PROVENANCE), provenance);
            if (correction != null) {
                Path copy = dir.resolve(CORRECTED);
                java.nio.file.Files.createDirectories(copy);
                SplitsDirectory.write(correction.corrected(), copy);
                Json.write(copy.resolve(PROVENANCE), copyProvenance(provenance, splits, correction));
                AtomicFiles.writeString(copy.resolve(CHANGES), changesCsv(correction));
            }
        });
    }

    static Map<String, Object> json(DataDoctor.Outcome outcome, Splits splits, Provenance provenance,
                                    DataFix.Correction correction) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", splits.describe());
        json.put("findings", outcome.findings());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult r : outcome.results()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("check", r.check());
            c.put("seconds", r.seconds());
            c.put("findings", r.findings());
            c.put("metrics", r.metrics());
            checks.add(c);
        }
        json.put("checks", checks);
        if (correction != null) {
            Map<String, Object> fix = new LinkedHashMap<>();
            fix.put("fix", correction.fix());
            fix.put("summary", correction.summary());
            fix.put("correctedCopy", CORRECTED);
            fix.put("changes", correction.changes().size());
            json.put("fix", fix);
        }
        json.put("seconds", outcome.seconds());
        json.put("provenance", provenance);
        return json;
    }

    static HtmlReport html(DataDoctor.Outcome outcome, Splits splits, Provenance provenance,
                           DataFix.Correction correction) {
        Map<String, String> head = new LinkedHashMap<>();
        head.put("command", provenance.command);
        head.put("kintsugi", provenance.kintsugiVersion + " (" + provenance.kintsugiCommit + ")");
        head.put("seed", String.valueOf(provenance.seed));
        head.put("threads", String.valueOf(provenance.threads));
        provenance.inputs.forEach(i -> head.put(i.role(), i.name() + " sha256 " + i.sha256().substring(0,
                Math.min(12, i.sha256().length()))));
        head.put("wall time", String.format(Locale.ROOT, "%.1fs", provenance.wallTimeSeconds));
        HtmlReport report = HtmlReport.titled("Kintsugi data check").subtitle(splits.describe()).provenance(head);
        Section summary = report.section("Findings");
        Table table = Table.withHeaders("check", "severity", "problem", "evidence", "fix");
        for (Finding f : outcome.findings()) {
            table.row(f.check(), f.severity().toString(), f.problem(), f.evidence(), f.fix());
        }
        summary.table(table);
        if (correction != null) {
            summary.paragraph("Fix --fix " + correction.fix() + ": " + correction.summary() + "; the corrected copy is in "
                    + CORRECTED + "/ (load it with --data " + CORRECTED + "); the original data is unchanged.");
        }
        for (CheckResult r : outcome.results()) {
            Section section = report.section(r.check());
            r.report().accept(section);
            section.paragraph(String.format(Locale.ROOT, "(%.1f s)", r.seconds()));
        }
        return report;
    }

    private static Provenance copyProvenance(Provenance run, Splits original, DataFix.Correction correction) {
        Provenance p = Provenance.of("dataset", run.command);
        if (run.seed != null) {
            p.seed(run.seed);
        }
        p.input("train", original.train().name(), original.train().checksum())
                .input("valid", original.valid().name(), original.valid().checksum())
                .input("repair", original.repair().name(), original.repair().checksum())
                .input("test", original.test().name(), original.test().checksum())
                .parameter("fix", correction.fix())
                .parameter("summary", correction.summary())
                .parameter("changes", correction.changes().size())
                .parameter("correctedTrainSha256", correction.corrected().train().checksum());
        return p;
    }

    static String changesCsv(DataFix.Correction correction) {
        StringBuilder csv = new StringBuilder();
        List<String> columns = correction.changes().isEmpty() ? List.of("split", "index", "action")
                : new ArrayList<>(correction.changes().get(0).keySet());
        csv.append(String.join(",", columns)).append('\n');
        for (Map<String, Object> change : correction.changes()) {
            List<String> cells = new ArrayList<>();
            columns.forEach(c -> cells.add(String.valueOf(change.get(c))));
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }
}
