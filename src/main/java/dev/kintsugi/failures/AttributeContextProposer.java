package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The built-in {@link ContextProposer}: reads the training split's attribute statistics instead of asking a
 * language model. A context is uncommon for a class when its share of the class's training samples is below
 * a threshold; by default {@code 1 / K} for {@code K} contexts, i.e. rarer than if the class were spread
 * evenly over them. Contexts the class never appears in (share 0) count as the rarest. Uncommon contexts
 * come most rare first, ties in vocabulary order (the attribute's values, sorted).
 */
public final class AttributeContextProposer implements ContextProposer {
    private final Dataset train;
    private final String attribute;
    private final double rareBelow;
    private final List<String> vocabulary;
    private final double[][] shares;
    private final int[] classCounts;

    public AttributeContextProposer(Dataset train, String attribute, double rareBelow) {
        if (!(rareBelow > 0 && rareBelow <= 1)) {
            throw new KintsugiException("the rare-context threshold must lie in (0, 1], got " + rareBelow);
        }
        String[] values = train.attribute(attribute);
        this.train = train;
        this.attribute = attribute;
        this.rareBelow = rareBelow;
        this.vocabulary = List.copyOf(new TreeSet<>(List.of(values)));
        this.shares = new double[train.numClasses()][vocabulary.size()];
        this.classCounts = train.classCounts();
        for (int i = 0; i < values.length; i++) {
            shares[train.label(i)][vocabulary.indexOf(values[i])]++;
        }
        for (int c = 0; c < shares.length; c++) {
            for (int v = 0; v < vocabulary.size(); v++) {
                shares[c][v] = classCounts[c] == 0 ? 0 : shares[c][v] / classCounts[c];
            }
        }
    }

    /** With the default threshold, {@code 1 / K} for the attribute's {@code K} values. */
    public static AttributeContextProposer of(Dataset train, String attribute) {
        int k = new TreeSet<>(List.of(train.attribute(attribute))).size();
        return new AttributeContextProposer(train, attribute, 1.0 / k);
    }

    @Override
    public String name() {
        return "attribute-statistics";
    }

    /** Every value the attribute takes in the training split, sorted. */
    public List<String> vocabulary() {
        return vocabulary;
    }

    public double rareBelow() {
        return rareBelow;
    }

    @Override
    public List<String> uncommonContexts(String className) {
        double[] s = shares[classIndex(className)];
        List<Integer> rare = new ArrayList<>();
        for (int v = 0; v < vocabulary.size(); v++) {
            if (s[v] < rareBelow) {
                rare.add(v);
            }
        }
        rare.sort(Comparator.<Integer>comparingDouble(v -> s[v]).thenComparingInt(v -> v));
        return rare.stream().map(vocabulary::get).toList();
    }

    /** How the class's training samples spread over the contexts. */
    public ContextDistribution distribution(String className) {
        int c = classIndex(className);
        if (classCounts[c] == 0) {
            throw new KintsugiException(train.name() + " has no training samples of class '" + className + "'");
        }
        List<Double> s = new ArrayList<>();
        for (double v : shares[c]) {
            s.add(v);
        }
        return new ContextDistribution(className, vocabulary, s);
    }

    private int classIndex(String className) {
        int c = train.classNames().indexOf(className);
        if (c < 0) {
            throw new KintsugiException("unknown class '" + className + "' (classes of " + train.name() + ": "
                    + String.join(", ", train.classNames()) + ")");
        }
        return c;
    }

    @Override
    public String toString() {
        return name() + " (" + attribute + ", rare below " + rareBelow + ")";
    }
}
