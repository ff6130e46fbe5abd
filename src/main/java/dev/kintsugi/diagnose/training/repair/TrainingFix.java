package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.train.TrainingConfig;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * One fix: a change to the architecture or to the training configuration. {@link #apply} gives nothing when the
 * fix would change nothing (ReLU is already the activation, Adam already the optimiser), so the repair loop
 * moves on to the next one. Architectural fixes need fresh parameters; so do {@linkplain #fromStart() fixes that
 * choose among the original run's own epochs} (early stopping); the others continue from a checkpoint.
 */
public final class TrainingFix {
    private final String name;
    private final boolean architectural;
    private final boolean fromStart;
    private final BiFunction<TrainingSetup, Dataset, TrainingSetup> change;

    private TrainingFix(String name, boolean architectural, BiFunction<TrainingSetup, Dataset, TrainingSetup> change) {
        this(name, architectural, architectural, change);
    }

    private TrainingFix(String name, boolean architectural, boolean fromStart,
                        BiFunction<TrainingSetup, Dataset, TrainingSetup> change) {
        this.name = name;
        this.architectural = architectural;
        this.fromStart = fromStart;
        this.change = change;
    }

    public String name() {
        return name;
    }

    public boolean architectural() {
        return architectural;
    }

    /** Whether the attempt trains from epoch 0 with the original seed instead of from the last good checkpoint. */
    public boolean fromStart() {
        return fromStart;
    }

    /** The changed setup, or empty if the fix does not apply to this one. */
    public Optional<TrainingSetup> apply(TrainingSetup setup, Dataset train) {
        TrainingSetup changed = change.apply(setup, train);
        return changed.equals(setup) ? Optional.empty() : Optional.of(changed);
    }

    /** Zoo options set together, e.g. {@code activation=relu} and {@code init=he}. */
    public static TrainingFix options(String... keyValues) {
        StringBuilder label = new StringBuilder();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            label.append(label.length() == 0 ? "" : " ").append(keyValues[i]).append('=').append(keyValues[i + 1]);
        }
        return new TrainingFix(label.toString(), true, (s, d) -> {
            ArchitectureSpec spec = s.spec();
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                if (spec.option(keyValues[i]) == null) {
                    return s;
                }
                spec = spec.withOption(keyValues[i], keyValues[i + 1]);
            }
            return s.withSpec(spec);
        });
    }

    public static TrainingFix config(String label, UnaryOperator<TrainingConfig> change) {
        return new TrainingFix(label, false, (s, d) -> s.withConfig(change.apply(s.config())));
    }

    /**
     * A configuration change trained from epoch 0 with the same seed. Early stopping needs this: rerun from the
     * start, the run retraces the original trajectory up to its best validation loss and the trainer restores that
     * epoch. Resumed from a checkpoint instead, the optimiser's state (Adam's moments) starts afresh, the first
     * steps jolt the parameters, and the "best" epoch is only the best of a disturbed continuation.
     */
    public static TrainingFix configFromStart(String label, UnaryOperator<TrainingConfig> change) {
        return new TrainingFix(label, false, true, (s, d) -> s.withConfig(change.apply(s.config())));
    }

    public static TrainingFix learningRateTimes(double factor) {
        return config(String.format(Locale.ROOT, "lr ×%s", factor), c -> c.withLearningRate(c.learningRate() * factor));
    }

    /**
     * Input normalisation inside the network, fitted on the training split: the mean and standard deviation of
     * all its values (what the zoo does for images, here for any input).
     */
    public static TrainingFix normaliseInputs() {
        return new TrainingFix("normalise inputs", true, (s, train) -> {
            if (s.spec().normalization() != null) {
                return s;
            }
            ArchitectureSpec spec = s.spec();
            return s.withSpec(new ArchitectureSpec(spec.architecture(), spec.options(), spec.inputShape(),
                    ArchitectureSpec.Normalization.fit(train), spec.classNames()));
        });
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingFix f && f.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
