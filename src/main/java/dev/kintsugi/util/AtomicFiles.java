package dev.kintsugi.util;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes that never leave a half-written artefact behind: content goes to a temporary sibling first
 * and is then renamed into place, so a reader sees either the old state or the complete new one.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically, replacing an existing file. */
    public static void write(Path target, byte[] bytes) {
        Path parent = absoluteParent(target);
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                shareable(tmp, "rw-r--r--");
                move(tmp, target, true);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new KintsugiException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Something that fills a fresh directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void writeInto(Path directory) throws IOException;
    }

    /**
     * Fills a temporary sibling directory, then renames it to {@code target}. An existing target is
     * refused unless {@code force}; with {@code force} it is replaced only after the new content is
     * complete.
     */
    public static void writeDirectory(Path target, boolean force, DirectoryWriter writer) {
        Path parent = absoluteParent(target);
        if (Files.exists(target) && !force) {
            throw new KintsugiException(target + " already exists; choose another path or pass --force");
        }
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
            writer.writeInto(tmp);
            shareable(tmp, "rwxr-xr-x");
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old.");
                Files.delete(old);
                Files.move(target, old);
                move(tmp, target, false);
                deleteRecursively(old);
            } else {
                move(tmp, target, false);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new KintsugiException(target + " already exists; choose another path or pass --force", e);
        } catch (IOException e) {
            throw new KintsugiException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
    }

    /**
     * Temporary files are created private (0600/0700); the artefact they become should be readable like
     * any other file the user writes.
     */
    private static void shareable(Path p, String permissions) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        }
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    private static Path absoluteParent(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new KintsugiException("cannot write to " + target + ": it has no parent directory");
        }
        return parent;
    }

    /** Deletes a directory tree; best effort, used only on our own temporary folders. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary folder is harmless; the artefact itself is already in place.
        }
    }
}
