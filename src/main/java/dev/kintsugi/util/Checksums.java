package dev.kintsugi.util;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 of files and directory trees, for provenance. */
public final class Checksums {
    private Checksums() {
    }

    /** SHA-256 over the contents of {@code files}, in the order given. */
    public static String sha256(Path... files) {
        MessageDigest md = digest();
        for (Path f : files) {
            update(md, f);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Hash over every regular file below {@code dir}: relative names and contents, in sorted order. */
    public static String sha256Tree(Path dir) {
        MessageDigest md = digest();
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                md.update(dir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                update(md, f);
            }
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
