package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.ModelTraining;
import dev.kintsugi.train.TrainingConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A group of models trained on the same data, for failure overlap and collective debugging. The default is
 * the issue's: two MLPs, LeNet-5 and two CNNs of different widths, each with two seeds (families mlp, lenet5,
 * cnn).
 */
public final class ModelGroup {
    public static final List<String> DEFAULT_MEMBERS = List.of("mlp-narrow=mlp:hidden=128", "mlp-wide=mlp:hidden=512,256",
            "lenet5=lenet5", "cnn-narrow=cnn:channels=8,16;hidden=64", "cnn-wide=cnn:channels=32,64;hidden=128");
    public static final int DEFAULT_SEEDS = 2;

    /** A trained member; the network belongs to the caller. */
    public record Trained(GroupMember member, Network network, Path directory) implements AutoCloseable {
        @Override
        public void close() {
            network.close();
        }
    }

    private ModelGroup() {
    }

    /** Every spec with seeds 0..seeds-1, ordered by family (stable), so a family's members are adjacent. */
    public static List<GroupMember> members(List<String> specs, int seeds) {
        if (specs.isEmpty() || seeds < 1) {
            throw new KintsugiException("a group needs at least one member and one seed");
        }
        List<GroupMember> out = new ArrayList<>();
        for (String spec : specs) {
            for (long s = 0; s < seeds; s++) {
                GroupMember m = GroupMember.parse(spec, s);
                ModelZoo.resolveOptions(m.family(), m.options());
                out.add(m);
            }
        }
        List<String> familyOrder = new ArrayList<>(new LinkedHashSet<>(out.stream().map(GroupMember::family).toList()));
        out.sort(Comparator.comparingInt(m -> familyOrder.indexOf(m.family())));
        if (out.stream().map(GroupMember::name).distinct().count() != out.size()) {
            throw new KintsugiException("group member names must be distinct");
        }
        return out;
    }

    /** Trains every member (its seed overrides the config's) and saves it under {@code dir/NAME}. */
    public static List<Trained> train(List<GroupMember> members, Splits splits, TrainingConfig config, String dataName,
                                      long splitSeed, String command, Path dir, PrintStream progress) {
        List<Trained> out = new ArrayList<>();
        try {
            for (GroupMember m : members) {
                progress.println("training " + m.name() + " (" + m.family() + " " + m.options() + ")");
                ArchitectureSpec spec = ModelZoo.specFor(m.family(), m.options(), splits.train(), true);
                Network net = Network.create(spec, m.seed());
                Path modelDir = dir.resolve(m.name().replace('/', '-'));
                try {
                    ModelTraining.trainAndSave(net, splits, config.withSeed(m.seed()), dataName, splitSeed, command,
                            modelDir, false, progress);
                } catch (RuntimeException e) {
                    net.close();
                    throw e;
                }
                out.add(new Trained(m, net, modelDir));
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(Trained::close);
            throw e;
        }
    }
}
