package dev.kintsugi.testing;

import dev.kintsugi.report.HeadlessBrowser;

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

/** Opening reports in headless Chromium as a reader would, and measuring what rendered. */
public final class BrowserChecks {
    public static final HeadlessBrowser BROWSER = HeadlessBrowser.chromium();
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

    /** A rendered element's kind (table, svg or img) and size in CSS pixels. */
    public record Measured(String kind, double width, double height) {
    }

    private BrowserChecks() {
    }

    /** Skips the calling test outside CI when Chromium is missing; fails it on CI. */
    public static void requireChromium() {
        if (!BROWSER.isAvailable()) {
            String message = "headless Chromium is needed at " + BROWSER.executable()
                    + " (Debian package 'chromium') to check how reports render";
            Resources.require(false, message);
        }
    }

    /** Renders {@code reportHtml} (a copy of it, with a measuring script added) and returns every element's size. */
    public static List<Measured> measure(String reportHtml, Path workDir) throws IOException {
        Path html = workDir.resolve("measured.html");
        Files.writeString(html, reportHtml.replace("</body>", MEASURING_SCRIPT + "</body>"));
        Matcher m = MEASUREMENTS.matcher(BROWSER.dumpDom(html));
        assertThat(m.find()).as("the measuring script's output in the dumped DOM").isTrue();
        List<Measured> measured = new ArrayList<>();
        for (String line : m.group(1).strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            measured.add(new Measured(parts[0], Double.parseDouble(parts[1]), Double.parseDouble(parts[2])));
        }
        return measured;
    }

    /** Distinct colours in a screenshot, sampled every other pixel: a blank page has very few. */
    public static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }
}
