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
                DataCommand.class, ModelsCommand.class, EnvCommand.class, ProvenanceCommand.class,
                ServeCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with:  kintsugi demo"})
public final class Main implements Runnable {
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // SIGTERM in the middle of native work must not crash the JVM (see ForwardWatchdog)
        dev.kintsugi.model.ForwardWatchdog.installSignalHandlers();
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
            err.println("kintsugi: " + printable(String.valueOf(ex.getMessage()).lines().findFirst().orElse("")) + " (see `" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help`)");
            err.flush();
            return USER_ERROR;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // a reader bound that does not yet exist somewhere: still one line, never a stack trace
            PrintWriter err = cli.getErr();
            err.println("kintsugi: internal error: " + (e instanceof OutOfMemoryError
                    ? "out of memory (" + e.getMessage() + "); raise the heap with KINTSUGI_JAVA_OPTS=-Xmx...g"
                    : "stack overflow"));
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    /** Longest error message shown; data files can put a 50 MB cell into one. */
    static final int MAX_MESSAGE_CHARS = 2000;

    /**
     * A message made safe for a terminal: control characters (from data files: escape sequences, carriage
     * returns, NULs) are shown escaped, and an overlong message is cut with a note of how much was left out.
     */
    static String printable(String message) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < message.length() && shown < MAX_MESSAGE_CHARS; i++, shown++) {
            char c = message.charAt(i);
            if (c == '\t') {
                sb.append(' ');
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202e') {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (message.length() > shown) {
            sb.append("... (").append(message.length() - shown).append(" more characters)");
        }
        return sb.toString();
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
        err.println("kintsugi: " + (user ? "" : "internal error: ")
                + printable(message.lines().findFirst().orElse("")));
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
