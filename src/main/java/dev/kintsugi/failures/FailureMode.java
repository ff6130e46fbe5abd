package dev.kintsugi.failures;

import java.util.Locale;

/**
 * One failure mode in words: a class, the context its failures were described with, and how many
 * debug-seed failures of that class got that description (for a group's pooled modes, the members' mean;
 * see {@link DescribedFailures#pooledModes}).
 */
public record FailureMode(int classIndex, String className, String context, int failures) {

    /** The phrase a generator is asked for, and the paper's caption: "{class} on {context}". */
    public String phrase() {
        return className + " on " + context;
    }

    /** E.g. "trouser on snow: 41 failures". */
    public String inWords() {
        return String.format(Locale.ROOT, "%s: %d failure%s", phrase(), failures, failures == 1 ? "" : "s");
    }
}
