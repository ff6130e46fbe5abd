package dev.kintsugi.failures;

import java.util.List;

/**
 * What a {@link Describer} says about one image: the context phrase it chose from the vocabulary and the
 * score of every candidate (same order as the vocabulary), so a report can show how sure it was.
 */
public record Description(String context, List<Double> scores) {
    public Description {
        scores = List.copyOf(scores);
    }
}
