package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}, or ISO-8601 {@code PT2M}. */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {
    }

    /** A positive duration, or a one-line error naming {@code option}. */
    static Duration parse(String option, String text) {
        Duration d;
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new KintsugiException(option + " takes a duration such as 90s, 5m or PT2M, got '" + text + "'");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new KintsugiException(option + " must be a positive duration, got '" + text + "'");
        }
        return d;
    }
}
