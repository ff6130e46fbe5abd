package dev.kintsugi.cli;

import dev.kintsugi.failures.Mitigations;
import dev.kintsugi.study.FailureDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The whole framework on fashion-bg: train LeNet-5, find, describe and mitigate its failures "
                + "(ours against Random_debugging, with the λ sweep), then a small group (failure IoU, collective "
                + "debugging). Writes failures.html/json and group/group.html/json under the output folder.",
        footer = {"", "Examples:", "  kintsugi failures demo", "  kintsugi failures demo --no-group --out runs/fd"})
final class FailuresDemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    MitigationOptions head;

    @Option(names = "--arch", defaultValue = "lenet5", description = "Zoo architecture (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of training and the pipeline (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    FailureModeOptions components;

    @Option(names = "--no-group", description = "Skip the group (IoU and collective debugging).")
    boolean noGroup;

    @Option(names = "--group-seeds", defaultValue = "2", description = "Seeds per group member (default: "
            + "${DEFAULT-VALUE}).")
    int groupSeeds;

    @Option(names = "--group-epochs", defaultValue = "1", description = "Training epochs of each group member "
            + "(default: ${DEFAULT-VALUE}).")
    int groupEpochs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder (default: runs/failures-demo-<date-time>); must not exist.")
    Path out;

    @Override
    public Integer call() {
        Path dir = out != null ? out : Path.of("runs", "failures-demo-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (!Mitigations.HEAD.equals(head.mitigation)) {
            throw new dev.kintsugi.KintsugiException("the demo mitigates by head retraining; use `kintsugi failures "
                    + "mitigate --mitigation " + head.mitigation + "` for other approaches");
        }
        components.check();
        List<String> group = noGroup ? List.of() : FailureDemo.demoGroup();
        FailureDemo.Outcome o = FailureDemo.run(new FailureDemo.Settings(architecture, epochs, seed, components.k,
                        head.imagesPerFailure, head.head(), head.sweep(), group, groupSeeds, groupEpochs, dir),
                splits -> components.resolve(splits, 0), Invocation.commandLine(), System.err);
        System.out.print(FailureTables.accuracy(o.study().result()));
        o.study().result().failureModesInWords().stream().limit(10).forEach(System.out::println);
        if (o.group() != null) {
            System.out.print(FailuresGroupCommand.relativeTable(o.group()));
        }
        System.out.printf("done in %.0f s%n", o.seconds());
        System.out.println("report: " + o.report());
        if (o.groupReport() != null) {
            System.out.println("group:  " + o.groupReport());
        }
        return 0;
    }
}
