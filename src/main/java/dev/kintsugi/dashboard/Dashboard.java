package dev.kintsugi.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.train.TrainingWatchers;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A live page for a long command (train, stability, failures group, study) on 127.0.0.1: training curves
 * (train and valid loss and accuracy) with the training doctor's findings marked on them, the gradient-norm
 * heatmap growing, a grid of the study's cells with their state and values, progress with ETA, and at
 * the end a link to the final report. Updates reach the page as Server-Sent Events. The page is one HTML
 * file from the jar with its script and styles inlined: it needs no internet.
 *
 * <p>Usage by a command: {@code try (Dashboard d = Dashboard.start(port, "stability", title, System.err)) {
 * d.watchTraining(); ... d.cell(...); d.progress(...); ... d.finish(report); }}. Nothing here can slow or
 * stop the run: publishing only queues an event, and a closed browser only ends its own stream.
 */
public final class Dashboard implements AutoCloseable {
    /** The port {@code --dashboard} uses when none is given. */
    public static final int DEFAULT_PORT = 8765;
    /** Cell states the page colours. */
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    private final LoopbackServer server;
    private final EventHub hub = new EventHub();
    /**
     * Turns events into JSON and hands them to the pages, in order, off the caller's thread: a training
     * callback only queues a map, so the run never waits on serialisation or on the pages.
     */
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kintsugi-dashboard-publisher");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> taskStarts = new ConcurrentHashMap<>();
    private final long startMillis = System.currentTimeMillis();
    private volatile Path report;
    private AutoCloseable watching;
    private TrainingFeed feed;

    private Dashboard(int port, String kind, String title) {
        server = new LoopbackServer(port)
                .route("/events", this::events)
                .route("/state", this::state)
                .route("/report", this::report)
                .route("/", this::page)
                .start();
        publish("run", Map.of("kind", kind, "title", title, "started", startMillis));
    }

    /**
     * Serves the dashboard of a {@code kind} command (train, stability, failures-group, study) on
     * 127.0.0.1:{@code port} (0: any free port) and says where on {@code log} (may be null).
     *
     * @throws KintsugiException when the port is in use
     */
    public static Dashboard start(int port, String kind, String title, PrintStream log) {
        Dashboard d = new Dashboard(port, kind, title);
        if (log != null) {
            log.println("dashboard: " + d.url() + " (127.0.0.1 only)");
        }
        return d;
    }

    public URI url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** Pages connected now. */
    public int connectedPages() {
        return hub.connectedPages();
    }

    /**
     * Shows every training run of this process on the page (curves, findings, gradient norms) until
     * {@link #close()}: one feed per dashboard.
     */
    public synchronized Dashboard watchTraining() {
        if (watching == null) {
            feed = new TrainingFeed(this);
            watching = TrainingWatchers.attach(feed);
        }
        return this;
    }

    /**
     * What watching training cost the runs: the seconds spent in the dashboard's training callbacks (on the
     * training thread, so they add to the run's time) and the seconds of the runs watched; null when not
     * watching.
     */
    public synchronized String overhead() {
        if (feed == null) {
            return null;
        }
        double[] c = feed.cost();
        return String.format(java.util.Locale.ROOT, "dashboard: %.3f s in its training callbacks over %.1f s of training "
                + "(%.3f%%)", c[0], c[1], c[1] > 0 ? 100 * c[0] / c[1] : 0.0);
    }

    /** Progress of a named task: {@code done} of {@code total}; the page shows the ETA. */
    public void progress(String task, long done, long total) {
        long now = System.currentTimeMillis();
        long started = taskStarts.computeIfAbsent(task, t -> now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("done", done);
        body.put("total", total);
        body.put("elapsedSeconds", (now - started) / 1000.0);
        body.put("etaSeconds", done <= 0 || done >= total ? null : (now - started) / 1000.0 * (total - done) / done);
        publishSnapshot("progress", task, body);
    }

    /**
     * One cell of a study's grid (a seed, a member, an approach × model): its state ({@link #QUEUED},
     * {@link #RUNNING}, {@link #DONE}, {@link #FAILED}) and the values known so far, which fill its row
     * of the page's table. A cell's latest call wins.
     */
    public void cell(String id, String label, String state, Map<String, ?> values) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("label", label);
        body.put("state", state);
        body.put("values", values == null ? Map.of() : new LinkedHashMap<>(values));
        publishSnapshot("cell", id, body);
    }

    /** A line of text for the page's log. */
    public void message(String text) {
        publish("message", Map.of("text", text, "at", System.currentTimeMillis()));
    }

    /** The run ended; {@code report} (may be null) becomes a link on the page. */
    public void finish(Path report) {
        this.report = report == null ? null : report.toAbsolutePath();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", report == null ? null : "/report");
        body.put("reportPath", report == null ? null : report.toAbsolutePath().toString());
        body.put("seconds", (System.currentTimeMillis() - startMillis) / 1000.0);
        publish("end", body);
    }

    /** The run failed with {@code message}. */
    public void fail(String message) {
        publish("failed", Map.of("message", message == null ? "failed" : message));
    }

    /** One line of JSON: an SSE data field ends at a newline, so the files' pretty printing cannot be used. */
    private static final ObjectWriter ONE_LINE = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    static String json(Object value) {
        try {
            return ONE_LINE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    void publish(String type, Object body) {
        submit(() -> hub.publish(type, json(body)));
    }

    void publishSnapshot(String type, String key, Object body) {
        submit(() -> hub.publishSnapshot(type, key, json(body)));
    }

    private void submit(Runnable task) {
        try {
            publisher.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // published after close(): no page is listening any more
        }
    }

    /** Waits until every event published so far has reached the hub. */
    void flush() {
        try {
            publisher.submit(() -> { }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // already drained by close()
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("dashboard publisher stuck", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every event so far as JSON (for scripts and tests): {@code [{"type":..,"data":..},..]}. */
    public String stateJson() {
        flush();
        StringBuilder sb = new StringBuilder("[");
        List<EventHub.Event> events = hub.replay();
        for (int i = 0; i < events.size(); i++) {
            EventHub.Event e = events.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"type\":").append(json(e.type())).append(",\"data\":")
                    .append(e.json()).append('}');
        }
        return sb.append(']').toString();
    }

    private void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            hub.stream(out);
        }
    }

    private void state(HttpExchange exchange) throws IOException {
        LoopbackServer.send(exchange, 200, "application/json", stateJson());
    }

    private void report(HttpExchange exchange) throws IOException {
        Path file = report;
        if (file == null || !Files.isRegularFile(file)) {
            LoopbackServer.send(exchange, 404, "text/plain", "no report yet");
            return;
        }
        LoopbackServer.send(exchange, 200, "text/html; charset=utf-8", Files.readAllBytes(file));
    }

    private void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            LoopbackServer.send(exchange, 404, "text/plain", "not found");
            return;
        }
        LoopbackServer.send(exchange, 200, "text/html; charset=utf-8", PAGE);
    }

    private static final String PAGE = resource("dashboard.html");

    static String resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops watching training and stops the server; open pages keep what they show. */
    @Override
    public void close() {
        synchronized (this) {
            if (watching != null) {
                try {
                    watching.close();
                } catch (Exception ignored) {
                    // detaching a watcher cannot fail
                }
                watching = null;
            }
        }
        // pages get what was published before the close (the end event above all), then the streams end
        publisher.shutdown();
        try {
            publisher.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hub.close();
        server.close();
    }
}
