package dev.kintsugi.failures;

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
            return new HeadRetrainer(head);
        }
        return new RepairApproachMitigation(RepairRegistry.get(name), budget, options);
    }
}
