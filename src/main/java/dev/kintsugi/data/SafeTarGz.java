package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpacks a gzipped ustar archive (what {@code npm pack} writes) into an empty folder, refusing anything that
 * could write outside it or grow without bound. A minimal reader rather than a dependency: the project has no
 * archive library, and an npm package needs only regular files and folders. Refused, each as a one-line
 * {@link KintsugiException}: absolute names, {@code ..} components, backslashes; symbolic and hard links, devices
 * and pax/GNU extended headers (npm writes those only for names over 100 characters, which the packages Kintsugi
 * fetches do not have); a header whose checksum is wrong; an entry or a total over the given bounds; a name seen
 * twice; and an archive that ends early. The caller unpacks into a staging folder and discards it on failure.
 */
public final class SafeTarGz {
    private static final int BLOCK = 512;

    /** Bounds on what one archive may unpack to. */
    public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
    }

    private SafeTarGz() {
    }

    /** Unpacks {@code archive} into {@code dest} (an existing, empty folder); returns the bytes written. */
    public static long extract(Path archive, Path dest, Limits limits) {
        String what = archive.getFileName().toString();
        Path root = dest.toAbsolutePath().normalize();
        long total = 0;
        int entries = 0;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (true) {
                readFully(in, header, what);
                if (allZero(header)) {
                    return total; // the end-of-archive marker
                }
                checkHeaderChecksum(header, what);
                if (++entries > limits.maxEntries()) {
                    throw new KintsugiException(what + ": more than " + limits.maxEntries() + " entries");
                }
                String name = name(header);
                char type = (char) header[156];
                long size = octal(header, 124, 12, what);
                Path target = safeTarget(root, name, what);
                if (type == '5') {
                    Files.createDirectories(target);
                    skip(in, padded(size), what);
                    continue;
                }
                if (type != '0' && type != '\0') {
                    throw new KintsugiException(what + ": entry '" + name + "' has type '" + printable(type)
                            + "'; only regular files and folders are unpacked (no links, devices or extended headers)");
                }
                if (size > limits.maxEntryBytes()) {
                    throw new KintsugiException(what + ": entry '" + name + "' is " + size + " bytes, over the limit of "
                            + limits.maxEntryBytes());
                }
                total += size;
                if (total > limits.maxTotalBytes()) {
                    throw new KintsugiException(what + ": unpacks to more than " + limits.maxTotalBytes() + " bytes");
                }
                Files.createDirectories(target.getParent());
                // CREATE_NEW: a name seen twice, or one that reached an existing file, fails instead of overwriting.
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    copy(in, out, size, what, name);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    throw new KintsugiException(what + ": entry '" + name + "' appears twice");
                }
                skip(in, padded(size) - size, what);
            }
        } catch (EOFException | ZipException e) {
            throw new KintsugiException(what + ": truncated or corrupt archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new KintsugiException(what + ": cannot unpack into " + dest + ": " + e.getMessage(), e);
        }
    }

    /** The entry's path under {@code root}; refuses names that are absolute, climb out, or are not plain. */
    static Path safeTarget(Path root, String name, String what) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        boolean bad = n.isEmpty() || n.startsWith("/") || n.contains("\\") || n.contains("\0") || n.contains(":");
        for (String part : n.split("/", -1)) {
            bad |= part.isEmpty() || part.equals("..") || part.equals(".");
        }
        Path target = root.resolve(n).normalize();
        if (bad || !target.startsWith(root) || target.equals(root)) {
            throw new KintsugiException(what + ": unsafe entry name '" + printable(name) + "'");
        }
        return target;
    }

    private static String name(byte[] h) {
        String name = field(h, 0, 100);
        boolean ustar = field(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal number field; the base-256 form (for sizes over 8 GiB) is refused as over any limit. */
    private static long octal(byte[] h, int offset, int length, String what) {
        if ((h[offset] & 0x80) != 0) {
            throw new KintsugiException(what + ": an entry size in base-256 form (over 8 GiB)");
        }
        String s = field(h, offset, length).strip();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new KintsugiException(what + ": a header field '" + printable(s) + "' is not an octal number");
        }
    }

    /** The header checksum: the sum of its bytes with the checksum field read as spaces. */
    private static void checkHeaderChecksum(byte[] h, String what) {
        long expected = octal(h, 148, 8, what);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != expected) {
            throw new KintsugiException(what + ": a tar header's checksum is wrong (corrupt archive)");
        }
    }

    private static void copy(InputStream in, OutputStream out, long size, String what, String name) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("entry '" + name + "' ends early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n, String what) throws IOException {
        byte[] buf = new byte[BLOCK];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("the archive ends inside an entry");
            }
            left -= r;
        }
    }

    private static void readFully(InputStream in, byte[] b, String what) throws IOException {
        int at = 0;
        while (at < b.length) {
            int n = in.read(b, at, b.length - at);
            if (n < 0) {
                throw new EOFException("the archive ends before its end-of-archive marker");
            }
            at += n;
        }
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String printable(Object o) {
        return String.valueOf(o).replaceAll("\\p{Cntrl}", "?");
    }
}
