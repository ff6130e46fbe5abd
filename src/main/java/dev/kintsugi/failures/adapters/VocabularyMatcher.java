package dev.kintsugi.failures.adapters;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps free phrases from a language model onto a known vocabulary of contexts (for example the backgrounds a
 * dataset renders): a phrase names a vocabulary entry when each of the entry's words starts a word of the
 * phrase, in order ("snowy mountains" names "snow", "grasslands" names "grass", "night sky" names both "night"
 * and "sky"). Phrases that name nothing are dropped; the result keeps first-mention order without repeats.
 */
final class VocabularyMatcher {
    private final List<String> vocabulary;

    VocabularyMatcher(List<String> vocabulary) {
        this.vocabulary = List.copyOf(vocabulary);
    }

    List<String> map(List<String> phrases) {
        Set<String> out = new LinkedHashSet<>();
        for (String phrase : phrases) {
            String[] words = phrase.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
            for (int start = 0; start < words.length; start++) {
                for (String entry : vocabulary) {
                    if (matchesAt(words, start, entry.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))) {
                        out.add(entry);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean matchesAt(String[] words, int start, String[] entry) {
        if (entry.length == 0 || start + entry.length > words.length) {
            return false;
        }
        for (int k = 0; k < entry.length; k++) {
            if (entry[k].isEmpty() || !words[start + k].startsWith(entry[k])) {
                return false;
            }
        }
        return true;
    }
}
