package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.finetune.FineTuning;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;

import java.util.List;

/**
 * The baseline every approach must beat: fine-tune all layers on the whole repair split (its failures
 * and its passing inputs) plus an equal-sized replay of the training split, with Adam at a tenth of the
 * usual learning rate. Not one of the study's 16; it is the reference point a user would try first.
 */
public final class FineTune implements RepairApproach {
    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.MODEL;
    }

    @Override
    public String paper() {
        return "baseline (not in the study)";
    }

    /** Trains every parameter through the forward pass only, so a TorchScript module works too. */
    @Override
    public Needs needs() {
        return Needs.PARAMETERS;
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("epochs", "lr", "replay"));
    }

    @Override
    public String summary() {
        return "fine-tune every layer on the repair split plus a replay of training data";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            int epochs = context.intOption("epochs", 5);
            double lr = context.doubleOption("lr", 1e-4);
            int replay = context.intOption("replay", context.repair().size());
            Dataset data = FineTuning.withReplay(Dataset.concat("repair", List.of(context.negatives(),
                    context.positives())), context.train(), replay, context.seed());
            TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withLearningRate(lr).withBatchSize(64)
                    .withSeed(context.seed());
            TrainingHistory h = FineTuning.run(fixed, data, context.valid(), config, context);
            details.put("trainingSamples", data.size());
            details.put("validAccuracyByEpoch", h.series(s -> s.validAccuracy()));
        });
    }

}
