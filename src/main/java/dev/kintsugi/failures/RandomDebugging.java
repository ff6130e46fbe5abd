package dev.kintsugi.failures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Random_debugging baselines: as many generated images per class as the failure-mode data has, with contexts
 * chosen without looking at the failures.
 * <ul>
 *   <li>{@link #uniform} (the fair baseline, reported as {@code random}): contexts uniform over every context the
 *   training split has. It asks whether <em>which</em> contexts the failure modes name matters, or whether
 *   any variety of contexts does as well.</li>
 *   <li>{@link #requests} ({@code random-class-contexts}): contexts drawn from the class's own training
 *   distribution. The paper's baseline prompts with the class name only, "A photo of [class]", which for a
 *   generator that needs a context amounts to the contexts the class usually has. On a biased training split
 *   that repeats the bias the study contrasts, so it is no better than no debug data at all (λ = 0 of the
 *   sweep): kept, named for what it is, as the paper's baseline.</li>
 * </ul>
 */
public final class RandomDebugging {
    private RandomDebugging() {
    }

    /**
     * Requests matching {@code targeted}'s per-class image counts, contexts drawn from each class's training
     * distribution ({@link AttributeContextProposer#distribution}, the training split's statistics whichever
     * proposer found the failure modes).
     */
    public static List<DebugTrain.Request> requests(List<DebugTrain.Request> targeted, AttributeContextProposer training,
                                                    long seed) {
        Map<Integer, Integer> perClass = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        perClass(targeted, perClass, names);
        return draw(perClass, names, seed, className -> training.distribution(className)::sample);
    }

    /**
     * Requests matching {@code targeted}'s per-class image counts, each image's context drawn uniformly from
     * {@code contexts} (every context of the training split), whatever the class.
     */
    public static List<DebugTrain.Request> uniform(List<DebugTrain.Request> targeted, List<String> contexts, long seed) {
        if (contexts.isEmpty()) {
            throw new dev.kintsugi.KintsugiException("the training split has no contexts to draw from");
        }
        Map<Integer, Integer> perClass = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        perClass(targeted, perClass, names);
        return draw(perClass, names, seed, className -> rng -> contexts.get(rng.nextInt(contexts.size())));
    }

    private static void perClass(List<DebugTrain.Request> targeted, Map<Integer, Integer> perClass,
                                 Map<Integer, String> names) {
        for (DebugTrain.Request r : targeted) {
            perClass.merge(r.classIndex(), r.count(), Integer::sum);
            names.put(r.classIndex(), r.className());
        }
    }

    private static List<DebugTrain.Request> draw(Map<Integer, Integer> perClass, Map<Integer, String> names, long seed,
                                                 Function<String, Function<SplittableRandom, String>> sampler) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DebugTrain.Request> out = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : perClass.entrySet()) {
            Function<SplittableRandom, String> sample = sampler.apply(names.get(e.getKey()));
            Map<String, Integer> drawn = new LinkedHashMap<>();
            for (int i = 0; i < e.getValue(); i++) {
                drawn.merge(sample.apply(random), 1, Integer::sum);
            }
            drawn.forEach((context, count) -> out.add(new DebugTrain.Request(e.getKey(), names.get(e.getKey()),
                    context, count)));
        }
        return out;
    }
}
