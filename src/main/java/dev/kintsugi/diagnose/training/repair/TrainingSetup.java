package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.train.TrainingConfig;

/** What a fix can change: the architecture (through the zoo's options) and the training configuration. */
public record TrainingSetup(ArchitectureSpec spec, TrainingConfig config) {
    public TrainingSetup withSpec(ArchitectureSpec s) {
        return new TrainingSetup(s, config);
    }

    public TrainingSetup withConfig(TrainingConfig c) {
        return new TrainingSetup(spec, c);
    }
}
