package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds {@link FailureComponents} from names ({@code --describer}, {@code --proposer}, {@code --generator}).
 * Each factory gets the dataset's splits and split seed (a proposer reads the training statistics, a generator composites
 * training items). This is the hook for further components, e.g. adapters to CLIP, a chat model or a diffusion
 * model: {@link #registerDescriber} and friends.
 */
public final class ComponentChoice {
    private static final Map<String, Function<Setting, Describer>> DESCRIBERS = new TreeMap<>();
    private static final Map<String, Function<Setting, ContextProposer>> PROPOSERS = new TreeMap<>();
    private static final Map<String, Function<Setting, Generator>> GENERATORS = new TreeMap<>();

    private ComponentChoice() {
    }

    /** What a component factory may use: the splits, their split seed and the context attribute. */
    public record Setting(Splits splits, long splitSeed, String attribute) {
    }

    /** The registered names: describers, proposers, generators. */
    public static synchronized java.util.List<java.util.Set<String>> names() {
        BuiltinComponents.registerOnce();
        return java.util.List.of(DESCRIBERS.keySet(), PROPOSERS.keySet(), GENERATORS.keySet());
    }

    public static synchronized void registerDescriber(String name, Function<Setting, Describer> factory) {
        DESCRIBERS.put(name, factory);
    }

    public static synchronized void registerProposer(String name, Function<Setting, ContextProposer> factory) {
        PROPOSERS.put(name, factory);
    }

    public static synchronized void registerGenerator(String name, Function<Setting, Generator> factory) {
        GENERATORS.put(name, factory);
    }

    public static synchronized FailureComponents resolve(String describer, String proposer, String generator,
                                                         Setting setting) {
        BuiltinComponents.registerOnce();
        return new FailureComponents(pick("describer", DESCRIBERS, describer).apply(setting),
                pick("proposer", PROPOSERS, proposer).apply(setting),
                pick("generator", GENERATORS, generator).apply(setting));
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
