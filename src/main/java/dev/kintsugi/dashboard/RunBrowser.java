package dev.kintsugi.dashboard;

import com.sun.net.httpserver.HttpExchange;
import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.kintsugi.report.Html.escape;

/**
 * {@code kintsugi serve DIR}: past runs under a folder, on 127.0.0.1. The index lists every run folder
 * (kind, date, headline figures, provenance, report link); a run's page shows its provenance and all its
 * metrics; two runs can be compared side by side. The folder is read again on every index request, so new
 * runs appear on reload. Only files directly inside a listed run folder are served, and only reports and
 * data (html, json, csv, png, svg): nothing else under DIR, and nothing outside it.
 */
public final class RunBrowser implements AutoCloseable {
    static final int MAX_DEPTH = 5;
    private static final Set<String> SERVED = Set.of("html", "json", "csv", "png", "svg");

    private final Path root;
    private final LoopbackServer server;
    private volatile List<RunFolder> runs = List.of();

    private RunBrowser(Path root, int port) {
        this.root = root;
        this.server = new LoopbackServer(port)
                .route("/compare", this::compare)
                .route("/run/", this::run)
                .route("/", this::index)
                .start();
    }

    /** Serves {@code dir} on 127.0.0.1:{@code port} (0: any free port). */
    public static RunBrowser start(Path dir, int port, PrintStream log) {
        if (!Files.isDirectory(dir)) {
            throw new KintsugiException(dir + " is not a folder");
        }
        RunBrowser b = new RunBrowser(dir.toAbsolutePath().normalize(), port);
        List<RunFolder> found = b.scan();
        if (log != null) {
            log.println("serving " + found.size() + " run(s) under " + dir + " at " + b.url() + " (127.0.0.1 only); "
                    + "Ctrl-C stops");
        }
        return b;
    }

    public URI url() {
        return server.url();
    }

    /** The run folders under the root, oldest first (read again now). */
    public List<RunFolder> scan() {
        List<RunFolder> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root, MAX_DEPTH)) {
            dirs.filter(Files::isDirectory).sorted().forEach(d -> RunFolder.read(root, d).ifPresent(found::add));
        } catch (IOException | java.io.UncheckedIOException e) {
            // a folder that vanished while we looked: list what was found
        }
        found.sort(java.util.Comparator.comparing(RunFolder::createdAt).thenComparing(RunFolder::relative));
        runs = List.copyOf(found);
        return runs;
    }

    private void index(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            LoopbackServer.send(ex, 404, "text/plain", "not found");
            return;
        }
        List<RunFolder> list = scan();
        StringBuilder h = page("Kintsugi runs under " + root);
        h.append("<p>").append(list.size()).append(" run(s) under <code>").append(escape(root.toString()))
                .append("</code>. Pick A and B to compare two runs side by side.</p>");
        h.append("<form action='/compare' method='get'><table id='runs'><tr><th>A</th><th>B</th><th>kind</th>"
                + "<th>run</th><th>date</th><th>headline</th><th>command</th><th>report</th></tr>");
        for (int i = 0; i < list.size(); i++) {
            RunFolder r = list.get(i);
            h.append("<tr class='run' data-kind='").append(escape(r.kind())).append("'>")
                    .append("<td><input type='radio' name='a' value='").append(i).append("'").append(i == 0 ? " checked" : "")
                    .append("></td><td><input type='radio' name='b' value='").append(i).append("'")
                    .append(i == Math.min(1, list.size() - 1) ? " checked" : "").append("></td>")
                    .append("<td><span class='kind'>").append(escape(r.kind())).append("</span></td>")
                    .append("<td><a class='details' href='/run/").append(i).append("/'>").append(escape(r.relative()))
                    .append("</a></td><td>").append(escape(shortDate(r.createdAt()))).append("</td><td>")
                    .append(headline(r)).append("</td><td><small>")
                    .append(escape(r.provenance().getOrDefault("command", ""))).append("</small></td><td>");
            if (r.report() != null) {
                h.append("<a class='report' href='/run/").append(i).append("/file/").append(escape(r.report()))
                        .append("'>").append(escape(r.report())).append("</a>");
            }
            h.append("</td></tr>");
        }
        h.append("</table><p><button type='submit'>Compare A and B</button></p></form>");
        LoopbackServer.send(ex, 200, "text/html; charset=utf-8", end(h));
    }

    private void run(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getPath().split("/", 5); // "", "run", N, ["file", NAME]
        RunFolder r = byIndex(parts.length > 2 ? parts[2] : "");
        if (r == null) {
            LoopbackServer.send(ex, 404, "text/plain", "no such run; reload the index");
            return;
        }
        if (parts.length == 5 && parts[3].equals("file")) {
            file(ex, r, URLDecoder.decode(parts[4], StandardCharsets.UTF_8));
            return;
        }
        StringBuilder h = page(r.kind() + ": " + r.relative());
        h.append("<p><a href='/'>all runs</a>");
        if (r.report() != null) {
            h.append(" · <a class='report' href='/run/").append(parts[2]).append("/file/").append(escape(r.report()))
                    .append("'>report</a>");
        }
        h.append(" · <a href='/run/").append(parts[2]).append("/file/").append(escape(r.mainJson())).append("'>")
                .append(escape(r.mainJson())).append("</a></p><h2>Provenance</h2><table>");
        h.append("<tr><td>date</td><td>").append(escape(r.createdAt())).append("</td></tr>");
        r.provenance().forEach((k, v) -> h.append("<tr><td>").append(escape(k)).append("</td><td>").append(escape(v))
                .append("</td></tr>"));
        h.append("</table><h2>Metrics (").append(r.metrics().size()).append(")</h2><table>");
        r.metrics().forEach((k, v) -> h.append("<tr><td>").append(escape(k)).append("</td><td class='num'>")
                .append(RunFolder.format(v)).append("</td></tr>"));
        h.append("</table>");
        LoopbackServer.send(ex, 200, "text/html; charset=utf-8", end(h));
    }

    private void file(HttpExchange ex, RunFolder r, String name) throws IOException {
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        Path f = r.dir().resolve(name).normalize();
        if (name.contains("/") || name.contains("\\") || !SERVED.contains(ext) || !f.getParent().equals(r.dir())
                || !Files.isRegularFile(f)) {
            LoopbackServer.send(ex, 404, "text/plain", "not served");
            return;
        }
        String type = switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "json" -> "application/json";
            case "csv" -> "text/csv; charset=utf-8";
            case "png" -> "image/png";
            default -> "image/svg+xml";
        };
        LoopbackServer.send(ex, 200, type, Files.readAllBytes(f));
    }

    private void compare(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        RunFolder a = byIndex(q.getOrDefault("a", ""));
        RunFolder b = byIndex(q.getOrDefault("b", ""));
        if (a == null || b == null) {
            LoopbackServer.send(ex, 400, "text/plain", "pick two runs (a and b) on the index");
            return;
        }
        StringBuilder h = page("A: " + a.relative() + "  ·  B: " + b.relative());
        h.append("<p><a href='/'>all runs</a></p><table id='side-by-side'><tr><th>metric</th><th>A: ")
                .append(escape(a.kind() + " " + a.relative())).append("</th><th>B: ")
                .append(escape(b.kind() + " " + b.relative())).append("</th><th>B − A</th></tr>");
        h.append("<tr><td>date</td><td>").append(escape(shortDate(a.createdAt()))).append("</td><td>")
                .append(escape(shortDate(b.createdAt()))).append("</td><td></td></tr>");
        Set<String> keys = new LinkedHashSet<>(a.metrics().keySet());
        keys.addAll(b.metrics().keySet());
        for (String k : keys) {
            Double va = a.metrics().get(k);
            Double vb = b.metrics().get(k);
            h.append("<tr><td>").append(escape(k)).append("</td><td class='num'>")
                    .append(va == null ? "" : RunFolder.format(va)).append("</td><td class='num'>")
                    .append(vb == null ? "" : RunFolder.format(vb)).append("</td><td class='num'>")
                    .append(va == null || vb == null ? "" : RunFolder.format(vb - va)).append("</td></tr>");
        }
        h.append("</table>");
        LoopbackServer.send(ex, 200, "text/html; charset=utf-8", end(h));
    }

    private RunFolder byIndex(String s) {
        List<RunFolder> list = runs;
        try {
            int i = Integer.parseInt(s);
            return i >= 0 && i < list.size() ? list.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String headline(RunFolder r) {
        StringBuilder s = new StringBuilder();
        r.headline().forEach((k, v) -> s.append(s.length() == 0 ? "" : "<br>").append(escape(k)).append(" <b>")
                .append(RunFolder.format(v)).append("</b>"));
        return s.toString();
    }

    private static String shortDate(String iso) {
        return iso.length() >= 19 ? iso.substring(0, 10) + " " + iso.substring(11, 19) : iso;
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>")
                .append(escape(title)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:20px;color:#222}table{border-collapse:collapse;"
                        + "font-size:13px}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;"
                        + "vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}"
                        + ".kind{background:#e0e7ff;border-radius:8px;padding:1px 7px;font-size:12px}"
                        + "code{background:#f3f4f6;padding:1px 4px}")
                .append("</style></head><body><h1 style='font-size:20px'>").append(escape(title)).append("</h1>");
    }

    private static String end(StringBuilder h) {
        return h.append("</body></html>").toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
