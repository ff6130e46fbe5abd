package dev.kintsugi.cli;

import dev.kintsugi.dashboard.Dashboard;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** {@code --dashboard [PORT]}: a live page of the run on 127.0.0.1 (see {@link Dashboard}). */
final class DashboardOption {
    @Option(names = "--dashboard", arity = "0..1", paramLabel = "PORT", fallbackValue = "" + Dashboard.DEFAULT_PORT,
            description = "Watch the run live in a browser at http://127.0.0.1:PORT/ (default port "
                    + Dashboard.DEFAULT_PORT + "; 0 picks a free one). Loopback only; closing the page never "
                    + "disturbs the run.")
    Integer port;

    /** The dashboard, or null without {@code --dashboard}. */
    Dashboard start(String kind, String title) {
        return port == null ? null : Dashboard.start(port, kind, title, System.err);
    }

    /**
     * The run ended: links {@code report} (may be null) on the page, says what watching cost, and lingers
     * (see {@link #linger}); does nothing without a dashboard.
     */
    static void end(Dashboard dashboard, java.nio.file.Path report) {
        if (dashboard == null) {
            return;
        }
        dashboard.finish(report);
        String overhead = dashboard.overhead();
        if (overhead != null) {
            System.err.println(overhead);
        }
        linger(dashboard);
    }

    /**
     * At the end of an interactive run, keeps serving so the page can open the report until the user
     * presses Enter; in a script or a log (no console) it stops at once.
     */
    static void linger(Dashboard dashboard) {
        if (dashboard == null || System.console() == null) {
            return;
        }
        System.err.println("dashboard: the run is done; " + dashboard.url() + " links to its report. Press Enter to stop.");
        try {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            // stdin closed: stop serving
        }
    }
}
