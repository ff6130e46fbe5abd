package dev.kintsugi.cli;

/** How the CLI was invoked, for provenance records and error verbosity. */
final class Invocation {
    private static volatile String commandLine = "kintsugi";
    private static volatile boolean verbose;

    private Invocation() {
    }

    static void set(String[] args) {
        commandLine = "kintsugi " + String.join(" ", args);
    }

    static String commandLine() {
        return commandLine;
    }

    static boolean verbose() {
        return verbose;
    }

    static void verbose(boolean value) {
        verbose = value;
    }
}
