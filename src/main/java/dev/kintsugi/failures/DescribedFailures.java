package dev.kintsugi.failures;

import dev.kintsugi.data.ClassIndices;
import dev.kintsugi.data.Dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Debug-seed failures with the context a {@link Describer} chose for each, and the ranking into
 * {@link FailureMode}s.
 *
 * <p>How proposer and describer combine, as in the paper: the {@link ContextProposer}'s uncommon contexts
 * for a class are that class's vocabulary, and the describer picks one of them for every failure of that
 * class (zero-shot, like CLIP over ChatGPT's backgrounds). A class for which the proposer has nothing gets
 * the union of every class's proposals, deduplicated (the paper removes redundancies the same way), so no
 * failure is left undescribed.
 *
 * @param failures     the described images (debug-seed)
 * @param vocabularies per class index, the candidate contexts the describer chose from
 * @param descriptions one per failure, in order
 * @param describer    the describer's name
 */
public record DescribedFailures(Dataset failures, List<List<String>> vocabularies, List<Description> descriptions,
                                String describer) {

    /** Describes every image of {@code failures} against its class's vocabulary. */
    public static DescribedFailures describe(Dataset failures, Describer describer, ContextProposer proposer) {
        List<List<String>> vocabularies = vocabularies(failures.classNames(), proposer);
        Description[] out = new Description[failures.size()];
        int[][] byClass = ClassIndices.byClass(failures.labels(), failures.numClasses());
        for (int c = 0; c < byClass.length; c++) {
            int[] members = byClass[c];
            if (members.length == 0) {
                continue;
            }
            List<Description> d = describer.describe(failures.subset(failures.name() + "/" + failures.classNames()
                    .get(c), members), vocabularies.get(c));
            if (d.size() != members.length) {
                throw new IllegalStateException(describer.name() + " returned " + d.size() + " descriptions for "
                        + members.length + " images");
            }
            for (int j = 0; j < members.length; j++) {
                out[members[j]] = d.get(j);
            }
        }
        return new DescribedFailures(failures, vocabularies, List.of(out), describer.name());
    }

    /** Each class's proposed contexts, or the deduplicated union where a class has none. */
    public static List<List<String>> vocabularies(List<String> classNames, ContextProposer proposer) {
        List<List<String>> perClass = new ArrayList<>();
        Set<String> union = new LinkedHashSet<>();
        for (String name : classNames) {
            List<String> contexts = List.copyOf(new LinkedHashSet<>(proposer.uncommonContexts(name)));
            perClass.add(contexts);
            union.addAll(contexts);
        }
        if (union.isEmpty()) {
            throw new dev.kintsugi.KintsugiException("the context proposer " + proposer.name()
                    + " proposed no contexts for any class");
        }
        List<List<String>> out = new ArrayList<>();
        for (List<String> contexts : perClass) {
            out.add(contexts.isEmpty() ? List.copyOf(union) : contexts);
        }
        return out;
    }

    /**
     * Per class, the {@code k} most frequent descriptions among its failures, most frequent first (ties:
     * the vocabulary's order, i.e. the proposer's). Classes without failures have no modes.
     */
    public List<FailureMode> modes(int k) {
        return pooledModes(List.of(this), k);
    }

    /**
     * The failure modes of several models on the same classes, described with the same components (the paper's
     * collective debugging, type 1): per class, the {@code k} most frequent descriptions over all the models'
     * failures together, so a context that more of them fail on ranks higher (the paper samples k failures from
     * the pooled ones, so frequent contexts are more likely chosen; taking the k most frequent is the
     * deterministic version of that). Each mode's count is the models' mean (rounded up), so the images
     * generated for a mode number about as many as for one model's own. Ties follow the first model's
     * vocabulary order. With one model this is {@link #modes(int)}.
     */
    public static List<FailureMode> pooledModes(List<DescribedFailures> models, int k) {
        if (k < 1) {
            throw new dev.kintsugi.KintsugiException("k must be at least 1, got " + k);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no models to pool");
        }
        DescribedFailures first = models.get(0);
        List<String> classNames = first.failures.classNames();
        List<FailureMode> modes = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String context : first.vocabularies.get(c)) {
                counts.put(context, 0);
            }
            for (DescribedFailures m : models) {
                for (int i = 0; i < m.failures.size(); i++) {
                    if (m.failures.label(i) == c) {
                        counts.merge(m.descriptions.get(i).context(), 1, Integer::sum);
                    }
                }
            }
            List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
            ranked.removeIf(e -> e.getValue() == 0);
            ranked.sort(Comparator.comparing(Map.Entry<String, Integer>::getValue, Collections.reverseOrder()));
            for (int r = 0; r < Math.min(k, ranked.size()); r++) {
                int meanCount = (ranked.get(r).getValue() + models.size() - 1) / models.size();
                modes.add(new FailureMode(c, classNames.get(c), ranked.get(r).getKey(), meanCount));
            }
        }
        return modes;
    }

    /**
     * How often the chosen context equals the recorded one (attribute {@code attribute}), over the failures
     * whose recorded context was in their class's vocabulary (a describer cannot name what it is not offered);
     * NaN when the images carry no such attribute or none is in vocabulary.
     */
    public Accuracy accuracyAgainst(String attribute) {
        if (!failures.hasAttribute(attribute)) {
            return new Accuracy(Double.NaN, 0, 0, failures.size());
        }
        String[] truth = failures.attribute(attribute);
        int inVocabulary = 0;
        int right = 0;
        for (int i = 0; i < failures.size(); i++) {
            if (vocabularies.get(failures.label(i)).contains(truth[i])) {
                inVocabulary++;
                if (truth[i].equals(descriptions.get(i).context())) {
                    right++;
                }
            }
        }
        return new Accuracy(inVocabulary == 0 ? Double.NaN : (double) right / inVocabulary, right, inVocabulary,
                failures.size());
    }

    /** A describer's accuracy: {@code correct} of {@code inVocabulary} right, out of {@code described}. */
    public record Accuracy(double accuracy, int correct, int inVocabulary, int described) {
    }
}
