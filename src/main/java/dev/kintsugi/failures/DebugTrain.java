package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import me.tongfei.progressbar.ProgressBar;
import dev.kintsugi.util.ProgressBars;

/**
 * The paper's <em>debug_train</em>: for every debug-seed failure covered by a failure mode, {@code n}
 * generated images of "{class} on {context}" (the paper generates 5 per failure). A mode with 41 failures
 * thus gets 41·n images.
 */
public final class DebugTrain {
    public static final int DEFAULT_IMAGES_PER_FAILURE = 5;

    private DebugTrain() {
    }

    /** One generation request: {@code count} images of a class in a context. */
    public record Request(int classIndex, String className, String context, int count) {
    }

    /** The requests for failure modes: n images per failure of each mode. */
    public static List<Request> forModes(List<FailureMode> modes, int imagesPerFailure) {
        if (imagesPerFailure < 1) {
            throw new dev.kintsugi.KintsugiException("images per failure must be at least 1, got " + imagesPerFailure);
        }
        List<Request> requests = new ArrayList<>();
        for (FailureMode m : modes) {
            requests.add(new Request(m.classIndex(), m.className(), m.context(), m.failures() * imagesPerFailure));
        }
        return requests;
    }

    /**
     * Runs the generator for every request and concatenates the images; each request gets its own seed
     * derived from {@code seed} and its position, so results do not depend on thread scheduling.
     */
    public static Dataset generate(String name, List<Request> requests, Generator generator, long seed,
                                   PrintStream progress) {
        if (requests.isEmpty()) {
            throw new dev.kintsugi.KintsugiException("nothing to generate: no failure modes");
        }
        List<Dataset> parts = new ArrayList<>();
        long total = requests.stream().mapToLong(Request::count).sum();
        try (ProgressBar bar = progress == null ? null : ProgressBars.create("generate " + name, total, progress)) {
            for (int r = 0; r < requests.size(); r++) {
                Request q = requests.get(r);
                if (q.count() == 0) {
                    continue;
                }
                parts.add(generator.generate(q.className(), q.classIndex(), q.context(), q.count(),
                        seed * 1_000_003L + r));
                if (bar != null) {
                    bar.stepBy(q.count());
                }
            }
        }
        return Dataset.concat(name, parts);
    }
}
