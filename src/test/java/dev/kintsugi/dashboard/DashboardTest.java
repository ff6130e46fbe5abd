package dev.kintsugi.dashboard;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.train.TrainingWatchers;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardTest {
    private static HttpURLConnection get(URI url, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.resolve(path).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        return c;
    }

    private static String body(HttpURLConnection c) throws IOException {
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void servesTheSelfContainedPageOnLoopbackOnly() throws IOException {
        try (Dashboard d = Dashboard.start(0, "train", "a test run", null)) {
            assertThat(d.url().getHost()).isEqualTo("127.0.0.1");
            String page = body(get(d.url(), "/"));
            assertThat(page).contains("<script>").contains("EventSource(\"/events\")");
            // nothing from the internet: no external script, style or font
            assertThat(page).doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import");
            assertThat(get(d.url(), "/nothing").getResponseCode()).isEqualTo(404);
            assertThat(get(d.url(), "/report").getResponseCode()).isEqualTo(404);
        }
    }

    @Test
    void aPortInUseIsAOneLineError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Dashboard.start(taken.getLocalPort(), "train", "t", null))
                    .isInstanceOf(KintsugiException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is in use; choose another port");
        }
    }

    @Test
    void aRequestNamingAnotherHostIsRefused() throws IOException {
        // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own host name
        try (Dashboard d = Dashboard.start(0, "train", "t", null);
             Socket s = new Socket("127.0.0.1", d.port())) {
            s.getOutputStream().write(("GET /state HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).contains("403");
        }
        assertThat(LoopbackServer.hostIsLoopback("127.0.0.1:8765")).isTrue();
        assertThat(LoopbackServer.hostIsLoopback("localhost")).isTrue();
        assertThat(LoopbackServer.hostIsLoopback("127.0.0.1.evil.example")).isFalse();
        assertThat(LoopbackServer.hostIsLoopback(null)).isFalse();
    }

    @Test
    void aPageThatConnectsLateReplaysTheRunThenGetsLiveEventsWithinASecond() throws Exception {
        try (Dashboard d = Dashboard.start(0, "stability", "t", null)) {
            d.cell("run-0", "run 1", Dashboard.RUNNING, Map.of());
            d.cell("run-0", "run 1", Dashboard.DONE, Map.of("test accuracy", 0.9));
            d.progress("runs", 1, 3);
            d.flush(); // publishing is asynchronous (off the training thread): the replay is of what has reached the hub
            HttpURLConnection c = get(d.url(), "/events");
            c.setReadTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readEvent(in)).startsWith("event: run");
            // a cell's latest state only, then the progress snapshot
            assertThat(readEvent(in)).startsWith("event: cell").contains("\"state\":\"done\"");
            assertThat(readEvent(in)).startsWith("event: progress").contains("\"done\":1");
            long t0 = System.nanoTime();
            d.message("epoch 3 ended");
            assertThat(readEvent(in)).startsWith("event: message").contains("epoch 3 ended");
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
            c.disconnect();
        }
    }

    @Test
    void aClosedPageDoesNotDisturbPublishing() throws Exception {
        try (Dashboard d = Dashboard.start(0, "train", "t", null)) {
            HttpURLConnection c = get(d.url(), "/events");
            c.getInputStream().read();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (d.connectedPages() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(d.connectedPages()).isEqualTo(1);
            c.disconnect(); // the user closes the tab
            for (int i = 0; i < 2000; i++) {
                d.message("line " + i); // never blocks, never throws
            }
            deadline = System.nanoTime() + 15_000_000_000L;
            while (d.connectedPages() > 0 && System.nanoTime() < deadline) {
                d.message("ping");
                Thread.sleep(50);
            }
            assertThat(d.connectedPages()).isZero();
            assertThat(d.stateJson()).contains("line 1999");
        }
    }

    @Test
    void doctorFindingsReachTheDashboardWhileItWatchesAndNotAfter() {
        Finding f = new Finding("exploding-gradient", "gradients explode", Severity.PROBLEM, "‖∇‖ = 1e6", "clip", null);
        try (Dashboard d = Dashboard.start(0, "train", "t", null)) {
            d.watchTraining();
            TrainingWatchers.finding(3, 120, f);
            assertThat(d.stateJson()).contains("\"type\":\"finding\"").contains("\"epoch\":3")
                    .contains("exploding-gradient");
            d.close();
            TrainingWatchers.finding(4, 130, f);
            assertThat(d.stateJson()).doesNotContain("\"epoch\":4");
        }
    }

    @Test
    void aWatcherThatThrowsNeverBreaksTraining() {
        TrainingWatchers.Watcher broken = new TrainingWatchers.Watcher() {
            @Override
            public void onFinding(int epoch, int step, Finding finding) {
                throw new IllegalStateException("broken view");
            }
        };
        try (AutoCloseable ignored = TrainingWatchers.attach(broken)) {
            TrainingWatchers.finding(1, 1, new Finding("x", "y", Severity.INFO, "", "", null));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The lines of one SSE event, up to its blank line. */
    private static String readEvent(BufferedReader in) throws IOException {
        StringBuilder e = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isEmpty()) {
                if (e.length() > 0) {
                    return e.toString();
                }
                continue;
            }
            if (line.startsWith(":") || line.startsWith("id:")) {
                continue;
            }
            e.append(line).append('\n');
        }
        return e.toString();
    }
}
