package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The originals' attack outcomes a process keeps between comparisons, by the original's checksum, the attack,
 * the split and the draw seed: a study's worker attacks each seed's original once, not once per cell. A model
 * with no checksum is attacked afresh. At most {@link #CAPACITY} entries are kept, the least recently used
 * dropped first.
 */
public final class OriginalAttacks {
    static final int CAPACITY = 16;

    private final boolean keep;
    private final Map<String, OriginalAttack> byKey = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OriginalAttack> eldest) {
            return size() > CAPACITY;
        }
    };

    private OriginalAttacks(boolean keep) {
        this.keep = keep;
    }

    /** A cache for a process that compares many fixes against the same originals. */
    public static OriginalAttacks cache() {
        return new OriginalAttacks(true);
    }

    /** No cache: every comparison attacks its original afresh (a single {@code kintsugi compare}). */
    public static OriginalAttacks none() {
        return new OriginalAttacks(false);
    }

    /** The outcomes for the original with {@code checksum}, kept from an earlier comparison or new. */
    public synchronized OriginalAttack get(String checksum, Attack attack, Dataset test, Predictions originalOnTest,
                                           long drawSeed) {
        if (!keep || checksum == null) {
            return new OriginalAttack(attack, test, originalOnTest, drawSeed);
        }
        String key = checksum + "\t" + attack + "\t" + test.name() + "\t" + test.size() + "\t" + drawSeed;
        return byKey.computeIfAbsent(key, k -> new OriginalAttack(attack, test, originalOnTest, drawSeed));
    }
}
