package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code kintsugi} command line: a thin shell over the Java API. User errors print one line and exit
 * with status 2; unexpected failures print one line and exit 1; {@code --verbose} adds the stack trace.
 */
@Command(name = "kintsugi", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Diagnose, repair and verify deep-learning classifiers.",
        subcommands = {DemoCommand.class, TrainCommand.class, PredictCommand.class, EvaluateCommand.class,
                RepairCommand.class, CompareCommand.class, FailuresCommand.class, StabilityCommand.class,
                StudyCommand.class, RecommendCommand.class,
                DataCommand.class, ModelsCommand.class, EnvCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Start with:  kintsugi demo"})
public final class Main implements Runnable {
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        Invocation.set(args);
        System.setProperty("kintsugi.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, cmd.getErr()));
        cli.setParameterExceptionHandler((ex, args2) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("kintsugi: " + ex.getMessage() + " (see `" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help`)");
            err.flush();
            return USER_ERROR;
        });
        return cli.execute(args);
    }

    private static int report(Exception ex, PrintWriter err) {
        Throwable t = ex;
        while (!(t instanceof KintsugiException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        boolean user = t instanceof KintsugiException;
        if (!user) {
            t = ex;
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        err.println("kintsugi: " + (user ? "" : "internal error: ") + message.lines().findFirst().orElse(""));
        if (Invocation.verbose()) {
            ex.printStackTrace(err);
        } else if (!user) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return user ? USER_ERROR : INTERNAL_ERROR;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
