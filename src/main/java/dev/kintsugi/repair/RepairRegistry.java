package dev.kintsugi.repair;

import dev.kintsugi.KintsugiException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Repair approaches by name. Each approach is one class; registering it here makes the CLI list it. */
public final class RepairRegistry {
    private static final Map<String, Supplier<RepairApproach>> APPROACHES = new LinkedHashMap<>();

    private RepairRegistry() {
    }

    public static synchronized void register(String name, Supplier<RepairApproach> factory) {
        APPROACHES.put(name, factory);
    }

    public static synchronized List<RepairApproach> all() {
        BuiltinApproaches.ensureRegistered();
        return APPROACHES.values().stream().map(Supplier::get).toList();
    }

    /** The registered names, in registration order. */
    public static synchronized List<String> names() {
        BuiltinApproaches.ensureRegistered();
        return List.copyOf(APPROACHES.keySet());
    }

    public static synchronized RepairApproach get(String name) {
        BuiltinApproaches.ensureRegistered();
        Supplier<RepairApproach> f = APPROACHES.get(name);
        if (f == null) {
            throw new KintsugiException("unknown repair approach '" + name + "'; choose one of "
                    + String.join(", ", APPROACHES.keySet()));
        }
        return f.get();
    }

    /**
     * Rejects {@code --set} keys that {@code approach} does not read, naming the first unknown key and
     * the valid ones. Called before any data is loaded or model trained: a typo such as {@code epochz=50}
     * would otherwise run the whole repair with the default.
     */
    public static void checkOptions(RepairApproach approach, Map<String, String> options) {
        java.util.SortedSet<String> valid = approach.optionKeys();
        for (String key : new java.util.TreeSet<>(options.keySet())) {
            if (!valid.contains(key)) {
                throw new KintsugiException("unknown --set key '" + key + "' for " + approach.name() + "; valid keys: "
                        + (valid.isEmpty() ? "none (it takes no options)" : String.join(", ", valid)));
            }
        }
    }
}
