package dev.kintsugi.cli;

import dev.kintsugi.model.Engines;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: all ${sys:kintsugi.cores} cores). Results can "
                    + "differ between thread counts; the count is recorded in provenance.")
    void threads(int n) {
        Engines.configureThreads(n);
    }

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    void verbose(boolean v) {
        Invocation.verbose(v);
    }
}
