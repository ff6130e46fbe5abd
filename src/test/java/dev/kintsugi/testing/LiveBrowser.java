package dev.kintsugi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.util.AtomicFiles;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One page kept open in headless Chromium and driven over the DevTools protocol (the JDK's WebSocket
 * client), for pages that never finish loading: the dashboard's event stream stays open, so a one-shot
 * {@code --dump-dom} would not return. Evaluates script in the page, takes screenshots, and follows links
 * as a user would.
 */
public final class LiveBrowser implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private LiveBrowser(Process process, Path profile, URI devtools) throws IOException, InterruptedException {
        this.process = process;
        this.profile = profile;
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(devtools, new Listener())
                    .get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot connect to chromium's devtools at " + devtools, e);
        }
    }

    /** Opens {@code page} in a fresh headless Chromium. */
    public static LiveBrowser open(Path chromium, URI page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("kintsugi-live-chromium-");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1280,1000",
                "--user-data-dir=" + profile.resolve("user-data"), page.toString())
                .redirectOutput(profile.resolve("stdout.txt").toFile())
                .redirectError(profile.resolve("stderr.txt").toFile())
                .start();
        try {
            Path portFile = profile.resolve("user-data").resolve("DevToolsActivePort");
            waitUntil(() -> Files.isRegularFile(portFile) && size(portFile) > 0, START, "chromium's devtools port");
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            URI[] target = new URI[1];
            waitUntil(() -> {
                try {
                    String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body();
                    for (JsonNode t : Json.mapper().readTree(list)) {
                        if (t.path("type").asText().equals("page")) {
                            target[0] = URI.create(t.get("webSocketDebuggerUrl").asText());
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, START, "chromium's page target");
            return new LiveBrowser(p, profile, target[0]);
        } catch (IOException | RuntimeException | InterruptedException e) {
            kill(p);
            AtomicFiles.deleteRecursively(profile);
            throw e;
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The value of {@code expression} evaluated in the page, as text ("null" for none). */
    public String eval(String expression) {
        ObjectNode params = Json.mapper().createObjectNode();
        params.put("expression", expression);
        params.put("returnByValue", true);
        JsonNode result = call("Runtime.evaluate", params);
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? "null" : value.asText();
    }

    /** Waits until {@code expression} is true in the page. */
    public void waitFor(String expression, Duration timeout) {
        waitUntil(() -> eval(expression).equals("true"), timeout, expression);
    }

    /** A PNG of the page as it is now. */
    public byte[] screenshot() {
        JsonNode r = call("Page.captureScreenshot", Json.mapper().createObjectNode().put("format", "png"));
        return Base64.getDecoder().decode(r.get("data").asText());
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode msg = Json.mapper().createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params);
        socket.sendText(msg.toString(), true).join();
        try {
            JsonNode r = answer.get(30, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + ": " + r.get("error"));
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + " got no answer", e);
        } finally {
            pending.remove(id);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = Json.mapper().readTree(partial.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.get(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    }
                } catch (IOException ignored) {
                    // not a protocol message
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    static void waitUntil(BooleanSupplier condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the page (as a user closing the tab) and the browser. */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser goes anyway
        }
        kill(process);
        AtomicFiles.deleteRecursively(profile);
    }

    /** Writes a screenshot, for a human to look at when a test fails. */
    public void screenshotTo(Path png) throws IOException {
        AtomicFiles.write(png, screenshot());
    }
}
