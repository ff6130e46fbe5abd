package dev.kintsugi.dashboard;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.report.HeadlessBrowser;
import dev.kintsugi.testing.BrowserChecks;
import dev.kintsugi.testing.LiveBrowser;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.EpochEvent;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingWatchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a user sees it: headless Chromium keeps the page open during a short real training
 * run and sees the curves gain points, the gradient heatmap grow and the report link appear at the end.
 */
class DashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void thePageShowsTheCurveGrowingDuringARealTrainingRunThenLinksTheReport(@TempDir Path dir) throws Exception {
        BrowserChecks.requireChromium();
        Dataset train = TestData.blobs("train", 300, 4, 3, 1);
        Dataset valid = TestData.blobs("valid", 90, 4, 3, 2);
        // the run pauses after epochs 2 and 4 until the test has looked, so both looks are deterministic
        Semaphore epochEnded = new Semaphore(0);
        Semaphore goOn = new Semaphore(0);
        // a watcher attached after the dashboard's, so the page has the epoch's events when the run pauses
        TrainingWatchers.Watcher gate = new TrainingWatchers.Watcher() {
            @Override
            public void onEpochEnd(EpochEvent e) {
                if (e.stats().epoch() == 2 || e.stats().epoch() == 4) {
                    epochEnded.release();
                    goOn.acquireUninterruptibly();
                }
            }
        };
        Path report = dir.resolve("report.html");
        Files.writeString(report, "<html><body><h1 id='final'>final report</h1></body></html>");
        try (Dashboard d = Dashboard.start(0, "train", "mlp on blobs", null).watchTraining();
             AutoCloseable gated = TrainingWatchers.attach(gate);
             Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), train), 3)) {
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                new Trainer(TrainingConfig.defaults().withEpochs(5).withSeed(3)).fit(net, train, valid);
                d.finish(report);
            });
            try (LiveBrowser page = LiveBrowser.open(HeadlessBrowser.DEFAULT_EXECUTABLE, d.url())) {
                assertThat(epochEnded.tryAcquire(60, TimeUnit.SECONDS)).as("epoch 2 ended").isTrue();
                // 2 epochs × 2 series (train, valid) per chart
                page.waitFor("document.getElementById('loss').dataset.points === '4'", WAIT);
                byte[] first = page.screenshot();
                int heatmapColumnsFirst = Integer.parseInt(page.eval(
                        "document.querySelectorAll('#heatmap tr:first-child th').length"));
                goOn.release();

                assertThat(epochEnded.tryAcquire(60, TimeUnit.SECONDS)).as("epoch 4 ended").isTrue();
                page.waitFor("document.getElementById('loss').dataset.points === '8'", WAIT);
                byte[] second = page.screenshot();
                assertThat(page.eval("document.getElementById('accuracy').dataset.points")).isEqualTo("8");
                assertThat(page.eval("document.querySelectorAll('#loss circle.pt').length")).isEqualTo("8");
                assertThat(Integer.parseInt(page.eval("document.querySelectorAll('#heatmap tr:first-child th').length")))
                        .isGreaterThan(heatmapColumnsFirst);
                assertThat(second).isNotEqualTo(first);
                Files.write(dir.resolve("second.png"), second);
                goOn.release();

                run.get(60, TimeUnit.SECONDS);
                page.waitFor("document.getElementById('report-link') !== null", WAIT);
                assertThat(page.eval("document.getElementById('status').textContent")).isEqualTo("done");
                page.eval("document.getElementById('report-link').click()");
                page.waitFor("document.getElementById('final') !== null", WAIT);
                assertThat(page.eval("location.pathname")).isEqualTo("/report");
            } finally {
                goOn.release(2);
            }
        }
    }
}
