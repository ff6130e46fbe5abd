package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a UTF-8 text file, transparently gunzipping it when it starts with the gzip magic bytes.
 *
 * <p>Bounded like the IDX reader: at most {@link #MAX_BYTES} of (decompressed) text and
 * {@link #MAX_LINE_CHARS} per line, so a gzip bomb, a symlink to /dev/zero or a file without line breaks
 * ends in a one-line error instead of an OutOfMemoryError. Only regular files are read (a FIFO would
 * block forever, a device never ends).
 */
final class TextFiles {
    /** Decompressed text read from one file at most. */
    static final long MAX_BYTES = 1L << 30;
    /** Characters in one line at most. */
    static final int MAX_LINE_CHARS = 16 << 20;

    private TextFiles() {
    }

    static List<String> readLines(Path file) {
        return readLines(file, MAX_BYTES, MAX_LINE_CHARS);
    }

    static List<String> readLines(Path file, long maxBytes, int maxLineChars) {
        requireRegularFile(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = new Bounded(gzip ? new GZIPInputStream(raw) : raw, file, maxBytes);
            Reader reader = new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            boolean pendingCr = false;
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                if (pendingCr) {
                    pendingCr = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                if (c == '\n' || c == '\r') {
                    lines.add(line.toString());
                    line.setLength(0);
                    pendingCr = c == '\r';
                } else {
                    if (line.length() >= maxLineChars) {
                        throw new KintsugiException(file + ": line " + (lines.size() + 1) + " is longer than "
                                + maxLineChars + " characters (not a text table, or a corrupt one)");
                    }
                    line.append((char) c);
                }
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
            return lines;
        } catch (NoSuchFileException e) {
            throw new KintsugiException(file + ": file not found", e);
        } catch (ZipException | java.io.EOFException e) {
            throw new KintsugiException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        } catch (CharacterCodingException e) {
            throw new KintsugiException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new KintsugiException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Refuses anything but a regular file (after following links): FIFOs, devices, sockets, folders. */
    static void requireRegularFile(Path file) {
        if (!Files.exists(file)) {
            throw new KintsugiException(file + ": file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new KintsugiException(file + ": not a regular file (a folder, FIFO, device or socket); "
                    + "Kintsugi reads data only from regular files");
        }
    }

    /** Stops reading past a byte limit with a one-line error. */
    private static final class Bounded extends FilterInputStream {
        private final Path file;
        private final long max;
        private long count;

        Bounded(InputStream in, Path file, long max) {
            super(in);
            this.file = file;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > max) {
                throw new KintsugiException(file + ": more than " + (max >> 20) + " MiB of text"
                        + " (after decompression); Kintsugi reads tables up to that size");
            }
        }
    }
}
