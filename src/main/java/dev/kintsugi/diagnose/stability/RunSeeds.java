package dev.kintsugi.diagnose.stability;

import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.Augmentation;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;

/**
 * The seeds of one run of a study. Run {@code i} of a study with base seed {@code b} gives the varied
 * source the seed {@code b + i} and every other source {@code b}; so run 0 of {@code --vary init} or
 * {@code --vary order} is exactly {@code kintsugi train --seed b}. Augmentation is on only when it is
 * the varied source. Dropout masks always draw from PyTorch's generator seeded with {@code b}
 * ({@link TrainingConfig#seed()}), so none of the three choices varies them.
 *
 * @param run          0-based run index
 * @param init         seeds the weight initialisation
 * @param order        seeds the shuffling of the training data
 * @param augmentation seeds the augmentation, or null when the run trains without it
 */
public record RunSeeds(int run, long init, long order, Long augmentation) {

    public static RunSeeds of(Vary vary, long base, int run) {
        long varied = base + run;
        return switch (vary) {
            case INIT -> new RunSeeds(run, varied, base, null);
            case ORDER -> new RunSeeds(run, base, varied, null);
            case AUGMENTATION -> new RunSeeds(run, base, base, varied);
        };
    }

    /** The run's freshly initialised network. */
    public Network newNetwork(ArchitectureSpec spec) {
        return Network.create(spec, init);
    }

    /** A trainer for {@code config} (whose seed is the study's base seed) with this run's order and augmentation. */
    public Trainer trainer(TrainingConfig config) {
        Trainer trainer = new Trainer(config).shuffleSeed(order);
        if (augmentation != null) {
            trainer.augmentation(Augmentation.standard(augmentation));
        }
        return trainer;
    }
}
