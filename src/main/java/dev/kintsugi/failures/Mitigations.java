package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.repair.RepairRegistry;

import java.time.Duration;
import java.util.Map;

/** Resolves a {@code --mitigation} name: {@code head} (the paper's) or any registered repair approach. */
public final class Mitigations {
    public static final String HEAD = "head";

    private Mitigations() {
    }

    public static Mitigation byName(String name, HeadRetrainingConfig head, Duration budget,
                                    Map<String, String> options) {
        if (HEAD.equals(name)) {
            if (!options.isEmpty()) {
                // head retraining is set with --head-*; a --set here would be silently ignored
                throw new KintsugiException("--set " + String.join(", ", new java.util.TreeSet<>(options.keySet()))
                        + " applies to a repair-approach mitigation; head retraining takes --head-lr, "
                        + "--head-momentum, --head-weight-decay and --head-epochs");
            }
            return new HeadRetrainer(head);
        }
        boolean known = RepairRegistry.all().stream().anyMatch(a -> a.name().equals(name));
        if (!known) {
            throw new KintsugiException("unknown mitigation '" + name + "'; choose " + HEAD + " or a repair approach: "
                    + String.join(", ", RepairRegistry.all().stream().map(a -> a.name()).toList()));
        }
        return new RepairApproachMitigation(RepairRegistry.get(name), budget, options);
    }
}
