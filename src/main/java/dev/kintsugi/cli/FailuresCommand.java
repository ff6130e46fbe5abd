package dev.kintsugi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kintsugi failures ...}: Chegini &amp; Feizi's failure-mode framework, one subcommand per step. */
@Command(name = "failures", mixinStandardHelpOptions = true,
        description = "Find a model's failures, describe them in words (failure modes such as \"trouser on snow\"), "
                + "and mitigate them with targeted generated images (Chegini & Feizi), for one model or a group.",
        subcommands = {FailuresFindCommand.class, FailuresDescribeCommand.class, FailuresMitigateCommand.class,
                FailuresGroupCommand.class, FailuresDemoCommand.class},
        footer = {"", "Start with:  kintsugi failures demo"})
final class FailuresCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
