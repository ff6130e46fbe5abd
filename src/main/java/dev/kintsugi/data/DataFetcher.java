package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads a built-in dataset into the cache, only when a user asks for it ({@code kintsugi data
 * fetch}); nothing else in Kintsugi touches the network. Files are downloaded to temporary names,
 * verified by reading them completely, and only then renamed into place, so an interrupted or bad
 * download never leaves a half-written dataset behind.
 */
public final class DataFetcher {
    public static final URI FASHION_MNIST_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

    private DataFetcher() {
    }

    /** Fetches {@code name} into {@code cacheDir/name} (see {@link BuiltinDatasets#cacheRoot()}); returns that folder. */
    public static Path fetch(String name, Path cacheDir, PrintStream log) {
        return fetch(name, cacheDir, log, FASHION_MNIST_MIRROR);
    }

    public static Path fetch(String name, Path cacheDir, PrintStream log, URI baseUrl) {
        if (!name.equals(FashionMnist.NAME)) {
            throw new KintsugiException("cannot fetch '" + name + "': only " + FashionMnist.NAME + " can be downloaded"
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
