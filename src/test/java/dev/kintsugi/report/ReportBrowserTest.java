package dev.kintsugi.report;

import dev.kintsugi.testing.BrowserChecks;
import dev.kintsugi.testing.BrowserChecks.Measured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the sample report in headless Chromium, as a reader would: the page must render, and every
 * table, chart and image must take up space. Needs /usr/bin/chromium; on CI its absence is an error.
 */
class ReportBrowserTest {
    /** Where the build puts its output, so the screenshot can be looked at after the run. */
    private static final Path BUILD_DIR = Path.of(System.getProperty("kintsugi.buildDir", "target"));

    @BeforeAll
    static void requireChromium() {
        BrowserChecks.requireChromium();
    }

    @Test
    void sampleReportRendersToANonBlankScreenshot() throws IOException {
        Path html = BUILD_DIR.resolve("report-sample.html");
        SampleReport.build().write(html);
        Path png = BUILD_DIR.resolve("report-sample.png");
        Files.deleteIfExists(png);

        BrowserChecks.BROWSER.screenshot(html, png, 1200, 3000);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decodable PNG at %s", png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(3000);
        assertThat(BrowserChecks.distinctColours(image)).as("distinct colours in the screenshot").isGreaterThan(200);
    }

    @Test
    void everyTableChartAndImageHasARenderedSize(@TempDir Path dir) throws IOException {
        List<Measured> measured = BrowserChecks.measure(SampleReport.build().toHtml(), dir);

        assertThat(measured).filteredOn(m -> m.kind().equals("table")).hasSize(1);
        assertThat(measured).filteredOn(m -> m.kind().equals("svg")).hasSize(SampleReport.CHART_COUNT);
        assertThat(measured).filteredOn(m -> m.kind().equals("img")).hasSize(SampleReport.IMAGE_COUNT);
        assertThat(measured).allSatisfy(m -> {
            assertThat(m.width()).as("%s width", m.kind()).isPositive();
            assertThat(m.height()).as("%s height", m.kind()).isPositive();
        });
        // Charts fill the content column (at most 1100 px) and keep their landscape shape.
        assertThat(measured).filteredOn(m -> m.kind().equals("svg")).allSatisfy(m -> {
            assertThat(m.width()).isBetween(600.0, 1100.0);
            assertThat(m.height()).isBetween(m.width() / 3, m.width());
        });
        // Images show at their enlarged size (plus a one-pixel border).
        int side = SampleReport.IMAGE_SIDE * SampleReport.IMAGE_SCALE;
        assertThat(measured).filteredOn(m -> m.kind().equals("img"))
                .allSatisfy(m -> assertThat(m.width()).isBetween((double) side, side + 2.0));
    }
}
