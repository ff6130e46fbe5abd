package dev.kintsugi.report;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for looking at reports as a reader would: a screenshot, or the DOM after scripts
 * ran. Each call uses a fresh profile and no network services, and is killed if it overruns.
 */
public final class HeadlessBrowser {
    /** Chromium as .ci/run finds it: the first of these names on PATH, else /usr/bin/chromium. */
    public static final Path DEFAULT_EXECUTABLE = onPath(System.getenv("PATH"),
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"));
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Lets page scripts finish (virtual time runs fast) before the DOM is dumped. */
    private static final int VIRTUAL_TIME_BUDGET_MS = 5000;
    private static final int STDERR_TAIL_CHARS = 2000;

    private final Path executable;
    private final Duration timeout;

    public HeadlessBrowser(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** Chromium at {@link #DEFAULT_EXECUTABLE} with a one-minute limit per call. */
    public static HeadlessBrowser chromium() {
        return new HeadlessBrowser(DEFAULT_EXECUTABLE, DEFAULT_TIMEOUT);
    }

    static Path onPath(String path, List<String> names) {
        if (path != null) {
            for (String name : names) {
                for (String dir : path.split(java.io.File.pathSeparator)) {
                    if (!dir.isEmpty()) {
                        Path candidate = Path.of(dir, name);
                        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                            return candidate;
                        }
                    }
                }
            }
        }
        return Path.of("/usr/bin/chromium");
    }

    public Path executable() {
        return executable;
    }

    public boolean isAvailable() {
        return Files.isExecutable(executable);
    }

    /** Renders {@code html} in a {@code width} × {@code height} window and saves it as {@code png}. */
    public void screenshot(Path html, Path png, int width, int height) {
        withProfile(profile -> {
            Path shot = profile.resolve("screenshot.png");
            run(profile, List.of("--screenshot=" + shot, "--window-size=" + width + "," + height,
                    "--hide-scrollbars"), html);
            if (!Files.isRegularFile(shot)) {
                throw new KintsugiException("chromium produced no screenshot of " + html);
            }
            AtomicFiles.write(png, Files.readAllBytes(shot));
            return null;
        });
    }

    /** The page's DOM, serialised after its scripts ran. */
    public String dumpDom(Path html) {
        return withProfile(profile -> run(profile,
                List.of("--dump-dom", "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS), html));
    }

    @FunctionalInterface
    private interface ProfileTask<T> {
        T runIn(Path profile) throws IOException;
    }

    private <T> T withProfile(ProfileTask<T> task) {
        if (!isAvailable()) {
            throw new KintsugiException("no Chromium at " + executable + "; install it (Debian: apt-get install chromium)");
        }
        Path profile = null;
        try {
            profile = Files.createTempDirectory("kintsugi-chromium-");
            return task.runIn(profile);
        } catch (IOException e) {
            throw new KintsugiException("cannot run chromium: " + e.getMessage(), e);
        } finally {
            if (profile != null) {
                AtomicFiles.deleteRecursively(profile);
            }
        }
    }

    /** Runs Chromium on {@code html} and returns its standard output. */
    private String run(Path profile, List<String> modeFlags, Path html) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.resolve("user-data")));
        command.addAll(modeFlags);
        command.add(html.toAbsolutePath().toUri().toString());
        Path stdout = profile.resolve("stdout.txt");
        Path stderr = profile.resolve("stderr.txt");
        // Files, not pipes: a chatty browser can never block on a full pipe buffer.
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy(process);
                throw new KintsugiException("chromium did not finish within " + timeout.toSeconds() + " s on " + html);
            }
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
            throw new KintsugiException("interrupted while chromium was rendering " + html, e);
        }
        if (process.exitValue() != 0) {
            throw new KintsugiException("chromium failed (exit " + process.exitValue() + ") on " + html + ": "
                    + tail(Files.readString(stderr, StandardCharsets.UTF_8)));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** Kills the browser and the helper processes it started. */
    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= STDERR_TAIL_CHARS ? trimmed
                : "..." + trimmed.substring(trimmed.length() - STDERR_TAIL_CHARS);
    }
}
