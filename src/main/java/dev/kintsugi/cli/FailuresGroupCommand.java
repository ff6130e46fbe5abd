package dev.kintsugi.cli;

import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.FailureComponents;
import dev.kintsugi.failures.FailureOutputs;
import dev.kintsugi.failures.GroupOutputs;
import dev.kintsugi.dashboard.Dashboard;
import dev.kintsugi.failures.GroupStudy;
import dev.kintsugi.failures.ModelGroup;
import dev.kintsugi.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "group", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a group of models, compare their failures (IoU heatmap by architecture family) and "
                + "debug each family collectively with images generated from one member's failure modes. Writes "
                + "OUT/group.html, group.json and the trained models under OUT/models/.",
        footer = {"", "Examples:", "  kintsugi failures group --data fashion-bg --out runs/bg-group",
                "  kintsugi failures group --data fashion-bg --member mlp=mlp:hidden=128 --member cnn=cnn:channels=8,16 "
                        + "--seeds 3 --epochs 1 --mitigation finetune --out runs/bg-group-ft"})
final class FailuresGroupCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    FailureModeOptions components;

    @Mixin
    MitigationOptions mitigation;

    @Mixin
    CommonOptions common;

    @Option(names = "--member", paramLabel = "NAME=ARCH[:K=V;...]",
            description = "A group member, repeatable; the family is the architecture. Default: two MLPs, LeNet-5 "
                    + "and two CNNs of different widths.")
    List<String> members;

    @Option(names = "--seeds", defaultValue = "" + ModelGroup.DEFAULT_SEEDS,
            description = "Training seeds per member (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs per model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the debug-set split, generation and "
            + "mitigation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder (must not exist).")
    Path out;

    @Mixin
    DashboardOption dashboard;

    @Override
    public Integer call() {
        FailureOutputs.checkFresh(out);
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        if (members != null) {
            inputs.addAll(dev.kintsugi.util.OutputPaths.existing(members.toArray(String[]::new)));
        }
        dev.kintsugi.util.OutputPaths.checkDirectory(out, "--out", false, inputs);
        try (Dashboard live = dashboard.start("failures-group", "kintsugi failures group on " + data.data)) {
            try {
                Path report = group(live);
                DashboardOption.end(live, report);
            } catch (RuntimeException e) {
                if (live != null) {
                    live.fail(e.getMessage());
                }
                throw e;
            }
        }
        return 0;
    }

    /** A member's cell on the dashboard; its results once mitigated. */
    private static void showMember(Dashboard live, String name, String family, String state,
                                   GroupStudy.MemberResult r) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("family", family);
        if (r != null) {
            values.put("test accuracy", r.testAccuracy());
            values.put("failures", r.failures());
            values.put("individual", r.individual());
            values.put("type 2", r.collective());
            values.put("type 1 (pooled)", r.pooled());
        }
        live.cell(name, name, state.equals("done") ? Dashboard.DONE : state, values);
    }

    private Path group(Dashboard live) {
        components.check();
        long start = System.nanoTime();
        List<String> specs = members == null ? ModelGroup.DEFAULT_MEMBERS : members;
        var group = ModelGroup.members(specs, seeds);
        GroupStudy.Settings settings = new GroupStudy.Settings(components.k, mitigation.imagesPerFailure,
                mitigation.mitigation(), seed);
        Splits splits = data.load();
        try (FailureComponents c = components.resolve(splits, data.splitSeed)) {
            return run(c, group, specs, settings, splits, start, live);
        }
    }

    private Path run(FailureComponents c, List<dev.kintsugi.failures.GroupMember> group, List<String> specs,
                     GroupStudy.Settings settings, Splits splits, long start, Dashboard live) {
        if (live != null) {
            live.watchTraining();
            group.forEach(m -> showMember(live, m.name(), m.family(), "training", null));
        }
        List<ModelGroup.Trained> trained = ModelGroup.train(group, splits,
                dev.kintsugi.train.TrainingConfig.defaults().withEpochs(epochs), data.data, data.splitSeed,
                Invocation.commandLine(), out.resolve("models"), System.err);
        try {
            GroupStudy.Result r = GroupStudy.run(trained, splits, c, settings, System.err, live == null
                    ? (name, family, state, result) -> {
                    } : (name, family, state, result) -> showMember(live, name, family, state, result));
            Provenance p = Provenance.of("failure-group", Invocation.commandLine()).seed(seed)
                    .input("train", splits.train().name(), splits.train().checksum())
                    .input("repair", splits.repair().name(), splits.repair().checksum())
                    .parameter("components", c.describe()).parameter("members", specs).parameter("seeds", seeds)
                    .parameter("epochs", epochs).parameter("mitigation", settings.mitigation().settings()).cost(start);
            Path html = GroupOutputs.write(r, p, data.data, out);
            System.out.print(relativeTable(r));
            System.out.println(r.iouInWords());
            System.out.println("report: " + html);
            return html;
        } finally {
            trained.forEach(ModelGroup.Trained::close);
        }
    }

    static String relativeTable(GroupStudy.Result r) {
        TextTable t = new TextTable("model", "individual %", "type 1 (pooled) %", "relative %",
                "type 2 from", "type 2 %", "relative %");
        for (GroupStudy.MemberResult m : r.collective()) {
            t.row(m.name(), FailureTables.pct(m.individual()), FailureTables.pct(m.pooled()),
                    FailureTables.pct(m.relativePooled()), m.representative(), FailureTables.pct(m.collective()),
                    FailureTables.pct(m.relative()));
        }
        return t.render();
    }
}
