package dev.kintsugi.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One past run found under {@code kintsugi serve}'s folder: what kind it is (recognised by the files each
 * command writes), when it ran, its provenance, its report and its metrics (every number in its main JSON,
 * by path, for the side-by-side view) with a few headline figures.
 *
 * @param relative  the folder relative to the served root ("/"-separated)
 * @param kind      model, demo, compare, study, data-check, failures, stability (or provenance's kind)
 * @param createdAt provenance's timestamp, or the folder's modification time
 * @param report    the folder's HTML report, relative to the folder, or null
 * @param mainJson  the JSON the metrics come from, relative to the folder
 */
public record RunFolder(Path dir, String relative, String kind, String createdAt, Map<String, String> provenance,
                        String report, String mainJson, Map<String, Double> metrics, Map<String, Double> headline) {

    /** Files that identify a kind, most specific first: {kind, main JSON, report}. */
    private static final List<String[]> KINDS = List.of(
            new String[] {"study", "study.json", "study.html"},
            new String[] {"demo", "summary.json", "summary.html"},
            new String[] {"compare", "comparison.json", "comparison.html"},
            new String[] {"stability", "stability.json", "stability.html"},
            new String[] {"data-check", "data-check.json", "data-check.html"},
            new String[] {"failures", "group.json", "group.html"},
            new String[] {"failures", "failures.json", "failures.html"},
            new String[] {"model", "training.json", "doctor.html"});
    private static final Pattern HEADLINE = Pattern.compile("(?i).*(accuracy|acc|rate|churn|flagged|mean|std|aaod|asr"
            + "|relative|iou).*");
    private static final int MAX_METRICS = 400;
    private static final int MAX_HEADLINE = 4;

    /** The run in {@code dir}, if it is one. */
    static Optional<RunFolder> read(Path root, Path dir) {
        for (String[] k : KINDS) {
            Path json = dir.resolve(k[1]);
            if (!Files.isRegularFile(json)) {
                continue;
            }
            if (k[0].equals("model") && !Files.isRegularFile(dir.resolve("spec.json"))) {
                continue;
            }
            JsonNode main = readJson(json);
            JsonNode prov = main != null && main.has("provenance") ? main.get("provenance")
                    : readJson(dir.resolve("provenance.json"));
            // a demo's summary.json sits beside a comparison: both make it a demo, not a compare
            String kind = k[0].equals("compare") && Files.isRegularFile(dir.resolve("summary.json")) ? "demo" : k[0];
            if (prov != null && prov.hasNonNull("kind") && prov.get("kind").asText().equals("study")) {
                kind = "study";
            }
            String report = Files.isRegularFile(dir.resolve(k[2])) ? k[2] : firstHtml(dir);
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (main != null) {
                flatten("", main, metrics);
            }
            return Optional.of(new RunFolder(dir, relative(root, dir), kind, createdAt(prov, dir), provenance(prov),
                    report, k[1], metrics, headline(kind, main, metrics)));
        }
        return Optional.empty();
    }

    private static String relative(Path root, Path dir) {
        String r = root.relativize(dir).toString().replace('\\', '/');
        return r.isEmpty() ? "." : r;
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            return null; // a half-written or foreign file: the folder shows without it
        }
    }

    private static String firstHtml(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".html") && Files.isRegularFile(f))
                    .map(f -> f.getFileName().toString()).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String createdAt(JsonNode prov, Path dir) {
        if (prov != null && prov.hasNonNull("createdAt")) {
            return prov.get("createdAt").asText();
        }
        try {
            return Files.getLastModifiedTime(dir).toInstant().toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> provenance(JsonNode prov) {
        Map<String, String> p = new LinkedHashMap<>();
        if (prov == null) {
            return p;
        }
        for (String key : List.of("command", "kintsugiVersion", "kintsugiCommit", "seed", "threads", "os",
                "wallTimeSeconds")) {
            if (prov.hasNonNull(key)) {
                p.put(key, prov.get(key).asText());
            }
        }
        if (prov.has("inputs")) {
            for (JsonNode in : prov.get("inputs")) {
                String sha = in.path("sha256").asText("");
                p.put("input " + in.path("role").asText(), in.path("name").asText()
                        + (sha.length() >= 12 ? " (sha256 " + sha.substring(0, 12) + "…)" : ""));
            }
        }
        return p;
    }

    /** Every number in {@code node} by its path (a.b[0].c), provenance and per-sample arrays left out. */
    static void flatten(String path, JsonNode node, Map<String, Double> out) {
        if (out.size() >= MAX_METRICS) {
            return;
        }
        if (node.isNumber()) {
            out.put(path, node.asDouble());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("provenance")) {
                    flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
                }
            });
        } else if (node.isArray() && node.size() <= 50) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), out);
            }
        }
    }

    private static Map<String, Double> headline(String kind, JsonNode main, Map<String, Double> metrics) {
        Map<String, Double> h = new LinkedHashMap<>();
        if (main == null) {
            return h;
        }
        if (kind.equals("model") && main.has("epochs") && main.get("epochs").size() > 0) {
            JsonNode last = main.get("epochs").get(main.get("epochs").size() - 1);
            h.put("epochs", (double) main.get("epochs").size());
            h.put("valid accuracy", last.path("validAccuracy").asDouble(Double.NaN));
            h.put("train loss", last.path("trainLoss").asDouble(Double.NaN));
            return h;
        }
        // shallow figures whose names say they are results, in the JSON's order
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String key = e.getKey();
            if (key.chars().filter(c -> c == '.' || c == '[').count() <= 1 && HEADLINE.matcher(key).matches()
                    && Double.isFinite(e.getValue())) {
                h.put(key, e.getValue());
                if (h.size() == MAX_HEADLINE) {
                    break;
                }
            }
        }
        return h;
    }

    static String format(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4f", v);
    }
}
