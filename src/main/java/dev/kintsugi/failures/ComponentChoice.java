package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds {@link FailureComponents} from names ({@code --describer}, {@code --proposer}, {@code --generator}).
 * Each factory gets the dataset's splits (a proposer reads the training statistics, a generator composites
 * training items). This is the hook for further components, e.g. adapters to CLIP, a chat model or a diffusion
 * model: {@link #registerDescriber} and friends.
 */
public final class ComponentChoice {
    private static final Map<String, Function<Splits, Describer>> DESCRIBERS = new TreeMap<>();
    private static final Map<String, Function<Splits, ContextProposer>> PROPOSERS = new TreeMap<>();
    private static final Map<String, Function<Splits, Generator>> GENERATORS = new TreeMap<>();

    private ComponentChoice() {
    }

    public static synchronized void registerDescriber(String name, Function<Splits, Describer> factory) {
        DESCRIBERS.put(name, factory);
    }

    public static synchronized void registerProposer(String name, Function<Splits, ContextProposer> factory) {
        PROPOSERS.put(name, factory);
    }

    public static synchronized void registerGenerator(String name, Function<Splits, Generator> factory) {
        GENERATORS.put(name, factory);
    }

    public static synchronized FailureComponents resolve(String describer, String proposer, String generator,
                                                         Splits splits) {
        BuiltinComponents.registerOnce();
        return new FailureComponents(pick("describer", DESCRIBERS, describer).apply(splits),
                pick("proposer", PROPOSERS, proposer).apply(splits),
                pick("generator", GENERATORS, generator).apply(splits));
    }

    private static <T> T pick(String kind, Map<String, T> registry, String name) {
        T factory = registry.get(name);
        if (factory == null) {
            throw new KintsugiException("unknown " + kind + " '" + name + "'; choose one of "
                    + (registry.isEmpty() ? "(none registered)" : String.join(", ", registry.keySet())));
        }
        return factory;
    }
}
