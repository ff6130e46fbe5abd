package dev.kintsugi.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's HTTP server on 127.0.0.1 only, shared by the live dashboard and {@code kintsugi serve}. It
 * answers only requests whose Host is the loopback address or localhost (so a web page elsewhere cannot
 * reach it through DNS rebinding), serves on daemon threads (it never keeps the JVM alive), and says in
 * one line when the port is taken.
 */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    LoopbackServer(int port) {
        if (port < 0 || port > 65535) {
            throw new KintsugiException("port must be between 0 and 65535, got " + port);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new KintsugiException("port " + port + " on 127.0.0.1 is in use; choose another port");
        } catch (IOException e) {
            throw new KintsugiException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kintsugi-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
    }

    /** Routes {@code path} (and everything under it) to {@code handler}, behind the Host check. */
    LoopbackServer route(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try {
                if (!hostIsLoopback(exchange.getRequestHeaders().getFirst("Host"))) {
                    send(exchange, 403, "text/plain", "forbidden: only 127.0.0.1 or localhost");
                    return;
                }
                handler.handle(exchange);
            } catch (IOException | RuntimeException e) {
                // a page that went away mid-answer (closed tab): nothing to do, the run goes on
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    LoopbackServer start() {
        server.start();
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    static boolean hostIsLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && !h.endsWith("]")) {
            h = h.substring(0, colon);
        }
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]");
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
