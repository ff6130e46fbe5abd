package dev.kintsugi.study;

import dev.kintsugi.data.FashionBackgrounds;
import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.FailureComponents;
import dev.kintsugi.failures.FailureOutputs;
import dev.kintsugi.failures.FailureStudy;
import dev.kintsugi.failures.GroupOutputs;
import dev.kintsugi.failures.GroupStudy;
import dev.kintsugi.failures.HeadRetrainer;
import dev.kintsugi.failures.HeadRetrainingConfig;
import dev.kintsugi.failures.ModelGroup;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.ModelTraining;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code kintsugi failures demo}: the whole framework on {@code fashion-bg}: train a model (LeNet-5 by
 * default), find, describe and mitigate its failures (ours against Random_debugging, with the λ sweep), then a
 * small group: failure IoU and collective debugging. Everything goes under one output folder.
 */
public final class FailureDemo {
    /** Settings of a demo run; {@code groupMembers} empty skips the group. */
    public record Settings(String architecture, int epochs, long seed, int k, int imagesPerFailure,
                           HeadRetrainingConfig head, List<Double> lambdas, List<String> groupMembers, int groupSeeds,
                           int groupEpochs, Path out) {
    }

    public record Outcome(Path report, Path groupReport, FailureStudy.Outcome study, GroupStudy.Result group,
                          double seconds) {
    }

    private FailureDemo() {
    }

    /** {@code components} builds the describer, proposer and generator for the loaded splits. */
    public static Outcome run(Settings s, Function<Splits, FailureComponents> components, String command,
                              PrintStream log) {
        FailureOutputs.checkFresh(s.out());
        long start = System.nanoTime();
        log.println("loading " + FashionBackgrounds.NAME);
        Splits splits = FashionBackgrounds.load(0);
        Path modelDir = s.out().resolve("model");
        TrainingConfig config = TrainingConfig.defaults().withEpochs(s.epochs()).withSeed(s.seed());
        try (FailureComponents c = components.apply(splits);
             Network net = Network.create(ModelZoo.specFor(s.architecture(), java.util.Map.of(), splits.train(), true),
                s.seed())) {
            log.println("training " + s.architecture() + " on " + FashionBackgrounds.NAME + " for " + s.epochs()
                    + " epoch(s)");
            log.println("components: " + c.describe());
            ModelTraining.trainAndSave(net, splits, config, FashionBackgrounds.NAME, 0, command, modelDir, false, log);
            FailureStudy.Settings fs = new FailureStudy.Settings(s.k(), s.imagesPerFailure(),
                    new HeadRetrainer(s.head()), s.head(), s.lambdas(), FashionBackgrounds.ATTRIBUTE, s.seed());
            FailureStudy.Outcome study = FailureStudy.run(net, splits, c, fs, log);
            Path report;
            try (study) {
                report = FailureOutputs.write(study, splits, FashionBackgrounds.NAME, modelDir.toString(),
                        ModelStore.checksum(modelDir), command, start, s.out());
            }
            GroupStudy.Result group = null;
            Path groupReport = null;
            if (!s.groupMembers().isEmpty()) {
                long g = System.nanoTime();
                Path groupDir = s.out().resolve("group");
                List<ModelGroup.Trained> trained = ModelGroup.train(ModelGroup.members(s.groupMembers(), s.groupSeeds()),
                        splits, config.withEpochs(s.groupEpochs()), FashionBackgrounds.NAME, 0, command,
                        groupDir.resolve("models"), log);
                try {
                    group = GroupStudy.run(trained, splits, c, new GroupStudy.Settings(s.k(), s.imagesPerFailure(),
                            new HeadRetrainer(s.head()), s.seed()), log);
                    Provenance p = Provenance.of("failure-group", command).seed(s.seed())
                            .input("train", splits.train().name(), splits.train().checksum())
                            .input("repair", splits.repair().name(), splits.repair().checksum())
                            .parameter("components", c.describe()).parameter("members", s.groupMembers())
                            .parameter("seeds", s.groupSeeds()).parameter("epochs", s.groupEpochs()).cost(g);
                    groupReport = GroupOutputs.write(group, p, FashionBackgrounds.NAME, groupDir);
                } finally {
                    trained.forEach(ModelGroup.Trained::close);
                }
            }
            return new Outcome(report, groupReport, study, group, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The group the demo trains by default: one member per family, small and fast. */
    public static List<String> demoGroup() {
        return new ArrayList<>(List.of("mlp=mlp:hidden=128", "lenet5=lenet5", "cnn=cnn:channels=8,16;hidden=64"));
    }
}
