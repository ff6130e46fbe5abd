package dev.kintsugi.failures;

import dev.kintsugi.data.Splits;

import java.util.List;
import java.util.TreeSet;

/**
 * The offline components that ship with Kintsugi, built for a dataset: the background describer (prototypes
 * of each named background), the training split's attribute statistics as proposer, and the compositing
 * generator (Fashion-MNIST training items under the same split seed). {@link Components} chooses between these
 * and the adapters.
 */
public final class BuiltinComponents {
    private BuiltinComponents() {
    }

    public static Describer describer() {
        return new BackgroundDescriber();
    }

    public static ContextProposer proposer(Splits splits, String attribute) {
        return AttributeContextProposer.of(splits.train(), attribute);
    }

    public static Generator generator(long splitSeed) {
        return CompositingGenerator.fromFashionMnist(splitSeed);
    }

    /** The contexts the attribute takes in the training split: what a chat model's answers are mapped onto. */
    public static List<String> knownContexts(Splits splits, String attribute) {
        return List.copyOf(new TreeSet<>(List.of(splits.train().attribute(attribute))));
    }

    /** All three built-ins. */
    public static FailureComponents all(Splits splits, long splitSeed, String attribute) {
        return new FailureComponents(describer(), proposer(splits, attribute), generator(splitSeed));
    }
}
