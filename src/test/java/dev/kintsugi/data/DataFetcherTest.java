package dev.kintsugi.data;

import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exercises the download path against a local HTTP server; the real mirror is never contacted. */
class DataFetcherTest {
    @TempDir
    Path cache;

    private final Map<String, byte[]> served = new HashMap<>();
    private HttpServer server;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    private URI serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath().substring(1));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void serveFashionMnist() throws IOException {
        Path source = IdxFixtures.fashionMnistDirectory(cache.resolve("source"), 100, 40);
        for (String f : FashionMnist.FILES) {
            served.put(f + ".gz", Files.readAllBytes(source.resolve(f + ".gz")));
        }
    }

    @Test
    void downloadsVerifiesAndStoresTheFourFiles() throws IOException {
        serveFashionMnist();
        URI base = serve();

        Path dir = DataFetcher.fetch("fashion-mnist", cache.resolve("root"), log, base);

        assertThat(dir).isEqualTo(cache.resolve("root").resolve("fashion-mnist"));
        assertThat(FashionMnist.isIdxDirectory(dir)).isTrue();
        assertThat(FashionMnist.load(0, java.util.List.of(dir)).test().size()).isEqualTo(20);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).noneMatch(p -> p.toString().endsWith(".part"));
        }
        DataFetcher.fetch("fashion-mnist", cache.resolve("root"), log, base);
        assertThat(logBytes.toString()).contains("is already in");
    }

    @Test
    void missingFileFailsAndLeavesNothingBehind() throws IOException {
        serveFashionMnist();
        served.remove("t10k-labels-idx1-ubyte.gz");
        URI base = serve();

        assertThatThrownBy(() -> DataFetcher.fetch("fashion-mnist", cache.resolve("root"), log, base))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("t10k-labels-idx1-ubyte.gz")
                .hasMessageContaining("HTTP 404");
        try (Stream<Path> files = Files.list(cache.resolve("root").resolve("fashion-mnist"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void corruptDownloadIsNotStored() throws IOException {
        serveFashionMnist();
        served.put("train-images-idx3-ubyte.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        URI base = serve();

        assertThatThrownBy(() -> DataFetcher.fetch("fashion-mnist", cache.resolve("root"), log, base))
                .hasMessageContaining("train-images-idx3-ubyte.gz");
        assertThat(FashionMnist.isIdxDirectory(cache.resolve("root").resolve("fashion-mnist"))).isFalse();
    }

    @Test
    void onlyFashionMnistCanBeFetched() {
        assertThatThrownBy(() -> DataFetcher.fetch("german-credit", cache, log))
                .hasMessageContaining("only fashion-mnist can be downloaded");
        assertThatThrownBy(() -> DataFetcher.fetch("fashion-bg", cache, log))
                .hasMessageContaining("fashion-bg is rendered from fashion-mnist, so fetch that");
    }
}
