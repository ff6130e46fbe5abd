package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file opened for sequential reading, gzip-compressed or raw (told apart by the magic bytes
 * 0x1f 0x8b). Every I/O failure becomes a one-line {@link KintsugiException} naming the file, so
 * callers only ever read exactly the number of bytes a validated header promised.
 */
final class IdxInput implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    /** Deflate expands at most 1032:1, so a gzip file of n bytes holds at most this many times n. */
    private static final long GZIP_MAX_RATIO = 1032;

    private final Path file;
    private final InputStream in;
    private final long fileSize;
    private final boolean gzip;
    private long consumed;

    private IdxInput(Path file, InputStream in, long fileSize, boolean gzip) {
        this.file = file;
        this.in = in;
        this.fileSize = fileSize;
        this.gzip = gzip;
    }

    static IdxInput open(Path file) {
        TextFiles.requireRegularFile(file);
        InputStream raw = null;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER) : raw;
            return new IdxInput(file, in, Files.size(file), gzip);
        } catch (IOException e) {
            closeQuietly(raw);
            throw failure(file, e, "while reading the gzip header");
        }
    }

    Path file() {
        return file;
    }

    /**
     * Refuses a promise of {@code bytes} more bytes that the file cannot hold, before the caller allocates
     * arrays for them: a 16-byte header that promises a gigabyte of pixels would otherwise exhaust memory
     * before the truncation is found.
     */
    void requireAvailable(long bytes, String promise) {
        long most = gzip ? fileSize * GZIP_MAX_RATIO : fileSize - consumed;
        if (bytes > most) {
            throw new KintsugiException(file + ": truncated: " + promise + ", but the file "
                    + (gzip ? "(" + fileSize + " bytes of gzip) cannot hold that much" : "holds only " + most
                    + " more bytes"));
        }
    }

    /** A big-endian 32-bit header field. */
    int readInt(String field) {
        byte[] b = new byte[4];
        readFully(b, 0, 4, "the header ends before its " + field);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /**
     * Fills {@code buf[off, off+len)}; a stream that ends early is reported as truncated with
     * {@code promise} saying what the header declared.
     */
    void readFully(byte[] buf, int off, int len, String promise) {
        try {
            int done = 0;
            while (done < len) {
                int n = in.read(buf, off + done, len - done);
                if (n < 0) {
                    throw new KintsugiException(file + ": truncated: " + promise + ", but the data ends after "
                            + (consumed + done) + " bytes");
                }
                done += n;
            }
            consumed += len;
        } catch (IOException e) {
            throw failure(file, e, promise);
        }
    }

    /**
     * Checks that nothing follows the promised data. Reading one byte past the end also makes gzip
     * verify its CRC trailer, and it stops a gzip bomb after a single extra byte.
     */
    void expectEnd(String promise) {
        try {
            if (in.read() >= 0) {
                throw new KintsugiException(file + ": corrupt: it holds more data than its header declares ("
                        + promise + ")");
            }
        } catch (IOException e) {
            throw failure(file, e, promise);
        }
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static KintsugiException failure(Path file, IOException e, String context) {
        if (e instanceof NoSuchFileException) {
            return new KintsugiException(file + ": file not found", e);
        }
        if (e instanceof EOFException) {
            return new KintsugiException(file + ": truncated gzip data (" + context + ")", e);
        }
        if (e instanceof ZipException) {
            return new KintsugiException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return new KintsugiException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }

    private static void closeQuietly(InputStream s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Nothing useful to report: the data was already read or the read already failed.
            }
        }
    }
}
