package dev.kintsugi.util;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /**
     * Writes {@code bytes} to {@code target} atomically, replacing an existing regular file. A symbolic
     * link, device or other special file at {@code target} is never replaced (a rename would swap out the
     * link or the device node itself, e.g. /dev/null for a process running as root).
     */
    public static void write(Path target, byte[] bytes) {
        Path parent = absoluteParent(target);
        refuseSpecial(target);
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
        if (Files.isSymbolicLink(target) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new KintsugiException(target + " exists and is not a folder (a file, link or special file); "
                    + "Kintsugi never replaces it");
        }
        if (Files.exists(target) && !force) {
            throw new KintsugiException(target + " already exists; choose another path or pass --force");
        }
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            cleanStale(parent, target.getFileName().toString());
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + "." + PID + ".");
            writer.writeInto(tmp);
            shareable(tmp, "rwxr-xr-x");
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(parent, "." + target.getFileName() + "." + PID + ".old.");
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

    /** Temporary folders carry the writer's process id, so a later run knows which ones nobody is writing. */
    private static final long PID = ProcessHandle.current().pid();
    /** A temporary folder without a process id in its name is taken for a leftover only after this long. */
    static final long STALE_MILLIS = 10 * 60 * 1000;

    private static void refuseSpecial(Path target) {
        if (Files.isSymbolicLink(target) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new KintsugiException(target + " exists and is not a regular file (a link, folder, device or "
                    + "FIFO); Kintsugi never replaces it");
        }
    }

    /**
     * Removes hidden temporary siblings ({@code .NAME.PID.*}) that a killed run left behind: those whose
     * process is gone (and, for names without a process id, those older than {@link #STALE_MILLIS}).
     */
    static void cleanStale(Path parent, String name) {
        String prefix = "." + name + ".";
        long now = System.currentTimeMillis();
        try (Stream<Path> siblings = Files.list(parent)) {
            siblings.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> abandoned(p.getFileName().toString().substring(prefix.length()), p, now))
                    .forEach(AtomicFiles::deleteRecursively);
        } catch (IOException | UncheckedIOException e) {
            // a leftover we cannot list or remove is harmless: it is hidden and never read
        }
    }

    private static boolean abandoned(String rest, Path p, long now) {
        String first = rest.split("\\.", 2)[0];
        if (first.matches("\\d{1,18}") && rest.contains(".")) {
            long pid = Long.parseLong(first);
            return pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        try {
            return now - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() > STALE_MILLIS;
        } catch (IOException e) {
            return false;
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
