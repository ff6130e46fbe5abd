package dev.kintsugi.failures.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.util.Json;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a list of backgrounds out of a language model's free-text answer. It accepts a JSON array (also inside
 * a code fence), a numbered or bulleted list (intro and closing sentences are skipped), or a comma- or
 * semicolon-separated sentence. Each item is normalised to a short lower-case phrase: markdown, quotes and
 * trailing explanations ("Desert: hot and dry" gives "desert") are removed, as are a leading article or
 * preposition ("In sky" gives "sky"), since the prompt adds its own "on". Items are deduplicated in order;
 * phrases longer than {@value #MAX_WORDS} words are taken as prose, not backgrounds: dropped from a list, and
 * in a plain sentence they make the whole answer prose, so a refusal is not read as a list.
 */
final class ContextListParser {
    static final int MAX_WORDS = 6;
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\s*(.*?)```", Pattern.DOTALL);
    private static final Pattern ITEM = Pattern.compile("^\\s*(?:\\d{1,3}\\s*[.):]|[-*+\u2022\u2013\u2014])\\s+(.*)$");
    private static final Pattern EXPLANATION = Pattern.compile("\\s+[-\u2013\u2014]\\s+|:\\s|\\(|\\.\\s");
    private static final Pattern LEADING = Pattern.compile(
            "^(?:(?:a|an|the|in|on|at|inside|within)\\s+)+");

    private ContextListParser() {
    }

    /** The backgrounds in {@code answer}, normalised and deduplicated; empty if none can be found. */
    static List<String> parse(String answer) {
        String text = answer == null ? "" : answer.strip();
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            text = fence.group(1).strip();
        }
        List<String> raw = jsonArray(text);
        if (raw == null) {
            raw = listItems(text);
        }
        if (!raw.isEmpty()) {
            return clean(raw, false);
        }
        return clean(separated(text), true);
    }

    /**
     * Normalised, deduplicated items. A long item in a JSON array or a marked list is dropped alone; in a
     * plain sentence it means the answer is prose ("I am sorry, but ..."), so nothing is kept.
     */
    private static List<String> clean(List<String> raw, boolean proseIfAnyLong) {
        Set<String> out = new LinkedHashSet<>();
        for (String item : raw) {
            String n = normalise(item);
            if (n.split(" ").length > MAX_WORDS) {
                if (proseIfAnyLong) {
                    return List.of();
                }
            } else if (n.codePoints().anyMatch(Character::isLetter)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** The string elements of the first JSON array in {@code text}, or null if there is none. */
    private static List<String> jsonArray(String text) {
        int start = text.indexOf('[');
        int end = text.lastIndexOf(']');
        if (start < 0 || end <= start) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(text.substring(start, end + 1));
            if (!node.isArray()) {
                return null;
            }
            List<String> items = new ArrayList<>();
            for (JsonNode e : node) {
                if (e.isTextual()) {
                    items.add(e.asText());
                } else if (e.isObject() && e.elements().hasNext()) {
                    // [{"background": "desert", "why": "..."}]: the first text field names it
                    for (JsonNode v : e) {
                        if (v.isTextual()) {
                            items.add(v.asText());
                            break;
                        }
                    }
                }
            }
            return items;
        } catch (Exception e) {
            return null;
        }
    }

    private static List<String> listItems(String text) {
        List<String> items = new ArrayList<>();
        for (String line : text.split("\\R")) {
            Matcher m = ITEM.matcher(line);
            if (m.matches()) {
                items.add(m.group(1));
            }
        }
        return items;
    }

    /** A sentence like "Desert, caves and grasslands." or one background per line. */
    private static List<String> separated(String text) {
        String body = text;
        int colon = body.indexOf(':');
        if (colon >= 0 && colon < body.length() - 1) {
            body = body.substring(colon + 1);
        }
        List<String> items = new ArrayList<>();
        for (String part : body.split("\\R|[,;]|\\s+and\\s+|\\s+or\\s+")) {
            items.add(part.replaceAll("\\.\\s*$", ""));
        }
        return items;
    }

    static String normalise(String item) {
        String s = item.replaceAll("[*_`#]", "").strip();
        s = s.replaceAll("^[\"'\u201c\u201d\u2018\u2019]+|[\"'\u201c\u201d\u2018\u2019]+$", "");
        Matcher explanation = EXPLANATION.matcher(s);
        if (explanation.find()) {
            s = s.substring(0, explanation.start());
        }
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' -]", " ").replaceAll("\\s+", " ").strip();
        s = LEADING.matcher(s).replaceFirst("");
        return s.replaceAll("^[-' ]+|[-' ]+$", "");
    }
}
