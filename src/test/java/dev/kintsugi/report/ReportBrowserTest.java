package dev.kintsugi.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the sample report in headless Chromium, as a reader would: the page must render, and every
 * table, chart and image must take up space. Needs /usr/bin/chromium; on CI its absence is an error.
 */
class ReportBrowserTest {
    private static final HeadlessBrowser BROWSER = HeadlessBrowser.chromium();
    /** Where the build puts its output, so the screenshot can be looked at after the run. */
    private static final Path BUILD_DIR = Path.of(System.getProperty("kintsugi.buildDir", "target"));
    private static final Pattern MEASUREMENTS = Pattern.compile("<pre id=\"measurements\">(.*?)</pre>", Pattern.DOTALL);

    /** Writes one line per element, "kind width height", into a pre element the DOM dump then carries. */
    private static final String MEASURING_SCRIPT = """
            <pre id="measurements"></pre>
            <script>
            (function () {
              var lines = [];
              ["table", "svg", "img"].forEach(function (kind) {
                document.querySelectorAll(kind).forEach(function (element) {
                  var box = element.getBoundingClientRect();
                  lines.push(kind + " " + box.width.toFixed(1) + " " + box.height.toFixed(1));
                });
              });
              document.getElementById("measurements").textContent = lines.join("\\n");
            })();
            </script>
            """;

    private record Measured(String kind, double width, double height) {
    }

    @BeforeAll
    static void requireChromium() {
        if (!BROWSER.isAvailable()) {
            String message = "headless Chromium is needed at " + BROWSER.executable()
                    + " (Debian package 'chromium') to check how reports render";
            if (System.getenv("CI") != null) {
                fail(message);
            }
            assumeTrue(false, message + "; skipped outside CI");
        }
    }

    @Test
    void sampleReportRendersToANonBlankScreenshot() throws IOException {
        Path html = BUILD_DIR.resolve("report-sample.html");
        SampleReport.build().write(html);
        Path png = BUILD_DIR.resolve("report-sample.png");
        Files.deleteIfExists(png);

        BROWSER.screenshot(html, png, 1200, 3000);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decodable PNG at %s", png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(3000);
        assertThat(distinctColours(image)).as("distinct colours in the screenshot").isGreaterThan(200);
    }

    @Test
    void everyTableChartAndImageHasARenderedSize(@TempDir Path dir) throws IOException {
        String report = SampleReport.build().toHtml();
        Path html = dir.resolve("measured.html");
        Files.writeString(html, report.replace("</body>", MEASURING_SCRIPT + "</body>"));

        List<Measured> measured = parse(BROWSER.dumpDom(html));

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

    private static List<Measured> parse(String dom) {
        Matcher m = MEASUREMENTS.matcher(dom);
        assertThat(m.find()).as("the measuring script's output in the dumped DOM").isTrue();
        List<Measured> measured = new ArrayList<>();
        for (String line : m.group(1).strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            measured.add(new Measured(parts[0], Double.parseDouble(parts[1]), Double.parseDouble(parts[2])));
        }
        return measured;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }
}
