package dev.kintsugi.cli;

import dev.kintsugi.dashboard.RunBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Browse past runs under DIR in a browser on 127.0.0.1: every run folder (model, demo, compare, "
                + "study, data-check, failures, stability) with its kind, date, headline figures, provenance and "
                + "report, and two runs' metrics side by side.",
        footer = {"", "Example:", "  kintsugi serve runs", "  kintsugi serve runs --port 9000"})
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The folder holding run folders.")
    Path dir;

    @Option(names = "--port", defaultValue = "8766", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; "
            + "0 picks a free one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        try (RunBrowser browser = RunBrowser.start(dir, port, System.err)) {
            System.out.println(browser.url());
            // the server's threads are daemons: this thread keeps the process (and the page) alive until Ctrl-C
            Thread.currentThread().join();
        }
        return 0;
    }
}
