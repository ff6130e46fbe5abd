package dev.kintsugi.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {
    /** The whole sample report; built once, it is the slowest thing here. */
    private static final String SAMPLE = SampleReport.build().toHtml();

    @Test
    void escapesTitleSubtitleProvenanceHeadingsAndText() {
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("<k>", "<v>");
        HtmlReport report = HtmlReport.titled("<script>alert('t')</script>")
                .subtitle("a & <em>")
                .provenance(Map.of("<cmd>", "rm -rf \"/\" <x>"));
        report.section("<h>").paragraph("<script>p</script>\nsecond line").keyValues(kv);

        String html = report.toHtml();
        assertThat(html).doesNotContain("<script>", "<em>", "<cmd>", "<x>", "<h>", "<k>", "<v>")
                .contains("<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</title>",
                        "a &amp; &lt;em&gt;", "rm -rf &quot;/&quot; &lt;x&gt;",
                        "&lt;script&gt;p&lt;/script&gt;<br/>second line", "<dt>&lt;k&gt;</dt><dd>&lt;v&gt;</dd>");
    }

    @Test
    void sectionsAndBlocksKeepTheirOrderAndAcceptNewBlockTypes() {
        HtmlReport report = HtmlReport.titled("t");
        report.section("heading-A").paragraph("text-1").add(() -> "<p class=\"custom\">text-2</p>\n");
        report.section("heading-B").paragraph("text-3");
        String html = report.toHtml();
        assertThat(html).containsSubsequence("heading-A", "text-1", "<p class=\"custom\">text-2</p>",
                "heading-B", "text-3");
        assertThat(html).doesNotContain("<nav>");
    }

    @Test
    void sampleReportReferencesNothingOutsideItself() {
        // Namespace declarations name XML vocabularies; they are never fetched.
        String withoutNamespaces = SAMPLE.replaceAll("xmlns(:\\w+)?=(['\"])[^'\"]*\\2", "");
        assertThat(withoutNamespaces).doesNotContain("http://", "https://", "@import", "<script", "<link");
        assertThat(withoutNamespaces).doesNotContainPattern("(src|href)=['\"](?!data:image/png;base64,|#)");
        assertThat(SAMPLE).contains("<style>").contains("data:image/png;base64,");
    }

    @Test
    void sampleReportIsWellFormedAndHasEveryPart() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(SAMPLE)));

        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("html");
        assertThat(doc.getElementsByTagName("h1").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("section").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("nav").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("table").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength())
                .isEqualTo(SampleReport.CHART_COUNT);
        assertThat(doc.getElementsByTagName("img").getLength()).isEqualTo(SampleReport.IMAGE_COUNT);
        assertThat(SAMPLE).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\"/>");
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested").resolve("report.html");
        HtmlReport.titled("old").write(file);
        HtmlReport report = HtmlReport.titled("new");
        report.section("s").paragraph("body");
        report.write(file);

        assertThat(Files.readString(file)).isEqualTo(report.toHtml());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
