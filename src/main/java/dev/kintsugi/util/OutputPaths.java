package dev.kintsugi.util;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The rules every command applies to where it writes, checked before any work starts (a run that trains
 * for an hour must not find out at the end that it may not write):
 * <ul>
 *   <li>an output is created new; an existing one is replaced only with {@code --force}, and only when it is
 *       of the same kind (a regular file for a file, a folder for a folder);</li>
 *   <li>a symbolic link, a device, a FIFO or any other special file is never replaced, forced or not;</li>
 *   <li>an output may never be, contain or lie inside an input (data, model, study), so {@code --force}
 *       cannot delete what the run reads;</li>
 *   <li>the folder it goes into must be writable (or creatable).</li>
 * </ul>
 * The writes themselves are atomic ({@link AtomicFiles}).
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /** Checks an output file ({@code option} names it in messages, e.g. "--json"). */
    public static void checkFile(Path out, String option, boolean force, Collection<Path> inputs) {
        check(out, option, force, inputs, false);
    }

    /** Checks an output folder. */
    public static void checkDirectory(Path out, String option, boolean force, Collection<Path> inputs) {
        check(out, option, force, inputs, true);
    }

    private static void check(Path out, String option, boolean force, Collection<Path> inputs, boolean directory) {
        Objects.requireNonNull(out, option);
        String what = option + " " + out;
        if (Files.isSymbolicLink(out)) {
            throw new KintsugiException(what + " is a symbolic link; Kintsugi never writes through or replaces a link");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            boolean sameKind = directory ? Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)
                    : Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS);
            if (!sameKind) {
                throw new KintsugiException(what + " exists and is not a " + (directory ? "folder" : "regular file")
                        + " (" + kind(out) + "); Kintsugi never replaces it");
            }
            if (!force) {
                throw new KintsugiException(what + " already exists; choose another path or pass --force to replace it");
            }
        }
        for (Path input : inputs) {
            if (input != null) {
                checkApart(out, option, input);
            }
        }
        Path ancestor = nearestExisting(out.toAbsolutePath().normalize().getParent());
        if (ancestor == null || !Files.isDirectory(ancestor) || !Files.isWritable(ancestor)) {
            throw new KintsugiException("cannot write " + what + ": " + (ancestor == null ? "it has no parent folder"
                    : ancestor + " is not a writable folder"));
        }
    }

    /** Refuses an output that is, contains or lies inside {@code input}. */
    public static void checkApart(Path out, String option, Path input) {
        if (!Files.exists(input)) {
            return;
        }
        Path o = canonical(out);
        Path i = canonical(input);
        if (o.equals(i)) {
            throw new KintsugiException(option + " " + out + " is the input " + input + "; an input is never overwritten");
        }
        if (o.startsWith(i) && Files.isDirectory(i)) {
            throw new KintsugiException(option + " " + out + " lies inside the input " + input
                    + "; write outputs outside the inputs");
        }
        if (i.startsWith(o)) {
            throw new KintsugiException(option + " " + out + " contains the input " + input
                    + "; an output folder may not hold what the run reads");
        }
    }

    /** Inputs named on the command line as paths (built-in dataset names and the like are skipped). */
    public static List<Path> existing(String... paths) {
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            if (p == null || p.isBlank()) {
                continue;
            }
            try {
                Path path = Path.of(p);
                if (Files.exists(path)) {
                    out.add(path);
                }
            } catch (RuntimeException e) {
                // not a path on this file system: nothing to protect
            }
        }
        return out;
    }

    /** The real path of {@code p}, or of its nearest existing ancestor with the rest appended. */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = nearestExisting(abs);
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static Path nearestExisting(Path p) {
        Path cur = p;
        while (cur != null && !Files.exists(cur)) {
            cur = cur.getParent();
        }
        return cur;
    }

    private static String kind(Path p) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "a folder";
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "a regular file";
        }
        return "a device, FIFO, socket or other special file";
    }
}
