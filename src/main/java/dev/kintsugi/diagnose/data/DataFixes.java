package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;

import java.util.List;

/**
 * The fixes {@code --fix} accepts, by name. Imbalance is fixed in training instead
 * ({@code --class-weights balanced}, {@code --sampling oversample|undersample}), not by a data copy.
 * To add a fix, add it to {@link #BUILT_IN}.
 */
public final class DataFixes {
    private static final List<DataFix> BUILT_IN = List.of(
            new LabelFix(LabelFix.REMOVE),
            new LabelFix(LabelFix.RELABEL),
            new DedupeFix());

    private DataFixes() {
    }

    public static List<String> names() {
        return BUILT_IN.stream().map(DataFix::name).toList();
    }

    public static DataFix named(String name) {
        return BUILT_IN.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new KintsugiException("unknown --fix '" + name + "'; choose from "
                        + String.join(", ", names()) + " (for class imbalance train with --class-weights balanced or "
                        + "--sampling oversample|undersample)"));
    }
}
