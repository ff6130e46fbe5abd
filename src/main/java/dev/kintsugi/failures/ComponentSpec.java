package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;

import java.util.List;

/**
 * A component chosen on the command line: a kind, optionally followed by a colon and an argument
 * ({@code background}, {@code clip:/models/clip}, {@code openai:https://api.openai.com/v1}).
 */
public record ComponentSpec(String kind, String argument) {
    /**
     * Parses {@code text} for {@code option}; {@code plain} are the kinds without an argument, {@code withArgument}
     * those that need one (their usage, e.g. {@code "clip:DIR"}, is what the error shows).
     */
    public static ComponentSpec parse(String option, String text, List<String> plain, List<String> withArgument) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        String argument = colon < 0 ? null : t.substring(colon + 1).strip();
        boolean known = plain.contains(kind) && argument == null
                || withArgument.stream().anyMatch(w -> w.startsWith(kind + ":")) && argument != null && !argument.isEmpty();
        if (!known) {
            throw new KintsugiException(option + " must be " + String.join(", ", plain)
                    + (withArgument.isEmpty() ? "" : " or " + String.join(" or ", withArgument)) + ", got '" + t + "'");
        }
        return new ComponentSpec(kind, argument);
    }
}
