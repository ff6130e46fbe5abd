package dev.kintsugi.failures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The paper's Random_debugging baseline, as this project's issue defines it: as many generated images per
 * class as the failure-mode data has, but with contexts drawn from the class's training context distribution
 * instead of its failure modes. (The paper's baseline prompts with the class name only, "A photo of
 * [class]", which for a generator that needs a context amounts to the contexts the class usually has.)
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
        for (DebugTrain.Request r : targeted) {
            perClass.merge(r.classIndex(), r.count(), Integer::sum);
            names.put(r.classIndex(), r.className());
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<DebugTrain.Request> out = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : perClass.entrySet()) {
            ContextDistribution distribution = training.distribution(names.get(e.getKey()));
            Map<String, Integer> drawn = new LinkedHashMap<>();
            for (int i = 0; i < e.getValue(); i++) {
                drawn.merge(distribution.sample(random), 1, Integer::sum);
            }
            drawn.forEach((context, count) -> out.add(new DebugTrain.Request(e.getKey(), names.get(e.getKey()),
                    context, count)));
        }
        return out;
    }
}
