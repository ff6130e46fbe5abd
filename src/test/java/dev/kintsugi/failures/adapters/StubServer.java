package dev.kintsugi.failures.adapters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server for adapter tests: records every request (path, headers, body) and answers with the
 * status and body the test gives. {@link #stall()} makes it hold each answer until the server closes (at most
 * 10 s), to provoke client timeouts without slowing the test down.
 */
final class StubServer implements AutoCloseable {
    record Request(String method, String path, String authorization, String body) {
    }

    interface Responder {
        Reply reply(Request request);
    }

    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Responder responder = r -> new Reply(404, "");
    private volatile boolean stall;
    private final java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    StubServer answer(Responder r) {
        this.responder = r;
        return this;
    }

    StubServer answer(int status, String body) {
        return answer(r -> new Reply(status, body));
    }

    /** The next {@code count} requests get no answer: their connection is closed before any byte is sent. */
    StubServer drop(int count) {
        drops.set(count);
        return this;
    }

    StubServer stall() {
        this.stall = true;
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            requests.add(request);
            if (drops.getAndDecrement() > 0) {
                return; // closing the exchange unanswered drops the connection
            }
            if (stall) {
                release.await(10, TimeUnit.SECONDS);
            }
            Reply reply = responder.reply(request);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
