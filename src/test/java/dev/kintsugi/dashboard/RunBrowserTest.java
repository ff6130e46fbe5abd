package dev.kintsugi.dashboard;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.report.HeadlessBrowser;
import dev.kintsugi.testing.BrowserChecks;
import dev.kintsugi.testing.LiveBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunBrowserTest {
    private static final String PROVENANCE = """
            {"kind":"%s","createdAt":"%s","command":"kintsugi %s","kintsugiCommit":"abc1234","seed":0,
             "inputs":[{"role":"train","name":"fashion-mnist/train","sha256":"dffa27a8ad582879822fcf20c085"}]}""";

    /** A folder of runs as the commands write them: a model, a stability study and a data check. */
    static Path runs(Path root) throws IOException {
        Path model = Files.createDirectories(root.resolve("lenet5"));
        Files.writeString(model.resolve("spec.json"), "{}");
        Files.writeString(model.resolve("provenance.json"), PROVENANCE.formatted("model", "2026-12-01T10:00:00Z", "train"));
        Files.writeString(model.resolve("training.json"), """
                {"epochs":[{"epoch":1,"trainLoss":0.6,"validAccuracy":0.81},{"epoch":2,"trainLoss":0.4,"validAccuracy":0.86}]}""");
        Path stability = Files.createDirectories(root.resolve("studies/seeds"));
        Files.writeString(stability.resolve("stability.json"), """
                {"accuracy":{"mean":0.874,"std":0.004},"collapsed":0,"provenance":%s}"""
                .formatted(PROVENANCE.formatted("stability", "2026-12-02T10:00:00Z", "stability")));
        Files.writeString(stability.resolve("stability.html"), "<html><body><h1 id='stab'>stability report</h1></body></html>");
        Path check = Files.createDirectories(root.resolve("check"));
        Files.writeString(check.resolve("data-check.json"), "{\"checks\":{\"label-noise\":{\"flaggedRate\":0.03}}}");
        Files.writeString(check.resolve("provenance.json"), PROVENANCE.formatted("data-check", "2026-12-03T10:00:00Z", "data check"));
        Files.writeString(check.resolve("secret.txt"), "not to be served");
        return root;
    }

    @Test
    void findsEachRunFolderWithItsKindDateHeadlineAndReport(@TempDir Path dir) throws IOException {
        try (RunBrowser b = RunBrowser.start(runs(dir), 0, null)) {
            List<RunFolder> found = b.scan();
            assertThat(found).extracting(RunFolder::kind).containsExactly("model", "stability", "data-check");
            assertThat(found).extracting(RunFolder::relative).containsExactly("lenet5", "studies/seeds", "check");
            assertThat(found.get(0).headline()).containsEntry("valid accuracy", 0.86).containsEntry("epochs", 2.0);
            assertThat(found.get(1).headline()).containsEntry("accuracy.mean", 0.874);
            assertThat(found.get(1).report()).isEqualTo("stability.html");
            assertThat(found.get(1).provenance()).containsEntry("kintsugiCommit", "abc1234")
                    .containsEntry("command", "kintsugi stability");
        }
    }

    @Test
    void servesOnlyFilesOfListedRunsAndComparesTwoSideBySide(@TempDir Path dir) throws IOException {
        try (RunBrowser b = RunBrowser.start(runs(dir), 0, null)) {
            assertThat(status(b, "/run/1/file/stability.html")).isEqualTo(200);
            assertThat(status(b, "/run/2/file/secret.txt")).isEqualTo(404);
            assertThat(status(b, "/run/2/file/..%2F..%2Fetc%2Fpasswd.json")).isEqualTo(404);
            assertThat(status(b, "/run/9/")).isEqualTo(404);
            String side = body(b, "/compare?a=0&b=1");
            assertThat(side).contains("id='side-by-side'").contains("accuracy.mean").contains("0.8740")
                    .contains("epochs[1].validAccuracy");
        }
        assertThatThrownBy(() -> RunBrowser.start(dir.resolve("missing"), 0, null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void inABrowserTheIndexListsTheRunsAndItsReportLinkOpensTheReport(@TempDir Path dir) throws Exception {
        BrowserChecks.requireChromium();
        try (RunBrowser b = RunBrowser.start(runs(dir), 0, null);
             LiveBrowser page = LiveBrowser.open(HeadlessBrowser.DEFAULT_EXECUTABLE, b.url())) {
            page.waitFor("document.querySelectorAll('tr.run').length === 3", Duration.ofSeconds(30));
            assertThat(page.eval("[...document.querySelectorAll('.kind')].map(k => k.textContent).join(',')"))
                    .isEqualTo("model,stability,data-check");
            page.eval("document.querySelector('tr.run[data-kind=stability] a.report').click()");
            page.waitFor("document.getElementById('stab') !== null", Duration.ofSeconds(30));
            assertThat(page.eval("location.pathname")).isEqualTo("/run/1/file/stability.html");
        }
    }

    private static int status(RunBrowser b, String path) throws IOException {
        return ((HttpURLConnection) b.url().resolve(path).toURL().openConnection()).getResponseCode();
    }

    private static String body(RunBrowser b, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) b.url().resolve(path).toURL().openConnection();
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
