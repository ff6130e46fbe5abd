package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.study.ComparisonReport;
import dev.kintsugi.testing.BrowserChecks;
import dev.kintsugi.testing.BrowserChecks.Measured;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole comparison on tiny images: a Kintsugi convnet against a better-trained copy and against the
 * committed TorchScript fixture (same 1x6x6, 3-class input), then its report opened in Chromium.
 */
class ComparisonTest {
    static final Dataset TRAIN = TestData.bands("train", 240, 6, 3, 1);
    static final Dataset TEST = withGroups(TestData.bands("test", 120, 6, 3, 2));

    /** A sensitive attribute with two groups, alternating, so fairness is measured too. */
    static Dataset withGroups(Dataset d) {
        String[] g = new String[d.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 2 == 0 ? "a" : "b";
        }
        return new Dataset(d.name(), d.sampleShape(), d.featuresView(), d.labels(), d.classNames(), Map.of("group", g));
    }

    static Path trainAndSave(Path dir, int epochs) {
        try (Network net = Network.create(TestData.spec("cnn", Map.of("channels", "4", "hidden", "8"), TRAIN), 1)) {
            new Trainer(TrainingConfig.defaults().withEpochs(epochs).withBatchSize(16).withSeed(1)).fit(net, TRAIN, null);
            ModelStore.save(net, Provenance.of("model", "test"), dir, false);
        }
        return dir;
    }

    @Test
    void comparesKintsugiAndTorchScriptModelsOnEveryAxisAndTheReportRenders(@TempDir Path dir) throws IOException {
        Path weak = trainAndSave(dir.resolve("weak"), 1);
        Path strong = trainAndSave(dir.resolve("strong"), 6);
        Path torchScript = Path.of("src/test/resources/fixtures/torchscript/tiny-classifier.pt");
        ComparisonSettings settings = new ComparisonSettings("pgd", 0.1, 50, 3, false, "group", "a", null, true);
        ModelComparison c;
        try (OpenedClassifier o = OpenedClassifier.open(weak, null);
             OpenedClassifier f1 = OpenedClassifier.open(strong, null);
             OpenedClassifier f2 = OpenedClassifier.open(torchScript, null)) {
            c = ModelComparison.run(o, List.of(f1, f2), TEST, settings, new PrintStream(new ByteArrayOutputStream()));
        }
        assertThat(c.fixed()).hasSize(2);
        ModelComparison.FixChange better = c.changes().get(0);
        assertThat(better.correctness().accuracyFixed()).isGreaterThan(better.correctness().accuracyOriginal());
        assertThat(better.repaired()).hasSize(better.correctness().repaired());
        assertThat(better.broken()).hasSize(better.correctness().negativeFlips());
        assertThat(c.robustness().fixed()).containsOnlyKeys("strong", "tiny-classifier.pt");
        assertThat(c.original().fairness().attribute()).isEqualTo("group");
        assertThat(c.changes().get(1).aaodImprovement()).isNotNull();
        assertThat(c.original().corruptions().table()).hasSize(12);

        ComparisonReport.Files files = ComparisonReport.write(c, TEST, dir.resolve("out"), "test", System.nanoTime());
        String json = Files.readString(files.json());
        assertThat(json).contains("\"schema\" : \"kintsugi.comparison/1\"").contains("negativeFlipRatePercent")
                .contains("asrImprovement").contains("aaod").contains("provenance");

        BrowserChecks.requireChromium();
        String html = Files.readString(files.html());
        List<Measured> measured = BrowserChecks.measure(html, dir);
        assertThat(measured).filteredOn(m -> m.kind().equals("table")).isNotEmpty();
        assertThat(measured).filteredOn(m -> m.kind().equals("svg")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(measured).allSatisfy(m -> {
            assertThat(m.width()).as("%s width", m.kind()).isPositive();
            assertThat(m.height()).as("%s height", m.kind()).isPositive();
        });
        Path png = dir.resolve("comparison.png");
        BrowserChecks.BROWSER.screenshot(files.html(), png, 1200, 2400);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(BrowserChecks.distinctColours(image)).isGreaterThan(100);
        Files.copy(png, Path.of(System.getProperty("kintsugi.buildDir", "target")).resolve("comparison-sample.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
