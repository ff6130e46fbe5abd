package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The two groups a fairness metric compares, from one per-sample sensitive attribute: a privileged and an
 * unprivileged group, each named by an attribute value. Values can first be mapped onto two groups (for
 * example UTKFace's races onto "white" / "non-white").
 *
 * <p>Choosing the privileged group: the caller names it (German Credit: {@code age-group} "old", as AIF360,
 * or {@code sex} "male"); otherwise it is the larger group, ties broken by the alphabetically first name.
 * A group named by the caller may have no samples on a split; the metrics then report it as empty.
 */
public final class SensitiveGroups {
    private final String attribute;
    private final String privileged;
    private final String unprivileged;
    private final boolean[] isPrivileged;
    private final boolean[] isUnprivileged;

    private SensitiveGroups(String attribute, String privileged, String unprivileged, String[] groupOfSample) {
        this.attribute = attribute;
        this.privileged = privileged;
        this.unprivileged = unprivileged;
        this.isPrivileged = new boolean[groupOfSample.length];
        this.isUnprivileged = new boolean[groupOfSample.length];
        for (int i = 0; i < groupOfSample.length; i++) {
            isPrivileged[i] = privileged.equals(groupOfSample[i]);
            isUnprivileged[i] = unprivileged.equals(groupOfSample[i]);
        }
    }

    /**
     * Groups by {@code values} (one per sample), which must take at most two distinct values.
     *
     * @param privileged   the privileged group's value, or null for the larger group
     * @param unprivileged the unprivileged group's value, or null for the other value present; naming it lets
     *                     a split where that group has no samples be reported rather than rejected
     */
    public static SensitiveGroups of(String attribute, String[] values, String privileged, String unprivileged) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String v : values) {
            counts.merge(Objects.requireNonNull(v, () -> attribute + " has a missing value"), 1, Integer::sum);
        }
        for (String named : new String[] {privileged, unprivileged}) {
            if (named != null) {
                counts.putIfAbsent(named, 0);
            }
        }
        if (counts.size() > 2) {
            throw new KintsugiException("attribute '" + attribute + "' has " + counts.size() + " groups "
                    + counts.keySet() + "; fairness metrics compare two, so map the values onto two groups");
        }
        if (privileged == null) {
            privileged = counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                    .map(Map.Entry::getKey).orElseThrow(() -> new KintsugiException(
                            "attribute '" + attribute + "' has no values"));
        }
        if (unprivileged == null) {
            String p = privileged;
            unprivileged = counts.keySet().stream().filter(k -> !k.equals(p)).findFirst()
                    .orElseThrow(() -> new KintsugiException("attribute '" + attribute + "' has only the value '"
                            + p + "'; name the other group to report it as empty"));
        }
        if (privileged.equals(unprivileged)) {
            throw new KintsugiException("the privileged and unprivileged groups are both '" + privileged + "'");
        }
        return new SensitiveGroups(attribute, privileged, unprivileged, values);
    }

    /** Groups a dataset's samples by its attribute {@code attribute}; the privileged group as in {@link #of}. */
    public static SensitiveGroups of(Dataset data, String attribute, String privileged) {
        return of(attribute, data.attribute(attribute), privileged, null);
    }

    /**
     * Groups by {@code attribute} after mapping each value through {@code toGroup} (every value present must
     * be mapped, onto at most two group names).
     */
    public static SensitiveGroups mapped(Dataset data, String attribute, Map<String, String> toGroup,
                                         String privileged, String unprivileged) {
        String[] values = data.attribute(attribute);
        String[] groups = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            groups[i] = toGroup.get(values[i]);
            if (groups[i] == null) {
                throw new KintsugiException("value '" + values[i] + "' of attribute '" + attribute
                        + "' is not mapped to a group (mapped: " + new TreeMap<>(toGroup).keySet() + ")");
            }
        }
        return of(attribute, groups, privileged, unprivileged);
    }

    public String attribute() {
        return attribute;
    }

    public String privileged() {
        return privileged;
    }

    public String unprivileged() {
        return unprivileged;
    }

    public int size() {
        return isPrivileged.length;
    }

    /** Membership mask of the privileged group; a copy. */
    public boolean[] privilegedMask() {
        return isPrivileged.clone();
    }

    /** Membership mask of the unprivileged group; a copy. */
    public boolean[] unprivilegedMask() {
        return isUnprivileged.clone();
    }
}
