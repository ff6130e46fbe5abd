package dev.kintsugi.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartsTest {
    private static final Map<String, Supplier<Chart>> EVERY_KIND = everyKind();

    private static Map<String, Supplier<Chart>> everyKind() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train", new double[] {1.0, 0.7, 0.5, Double.NaN, 0.4});
        curves.put("val", new double[] {1.1, 0.8, 0.7, 0.75});
        Map<String, Map<String, Double>> grouped = new LinkedHashMap<>();
        grouped.put("MLP", new LinkedHashMap<>(Map.of("before", 0.8)));
        grouped.put("CNN", new LinkedHashMap<>(Map.of("before", 0.9)));
        Map<String, Supplier<Chart>> kinds = new LinkedHashMap<>();
        kinds.put("line", () -> Charts.lineChart("Loss", "epoch", "loss", curves,
                List.of(new Charts.Marker(3, "overfitting"))));
        kinds.put("line with x", () -> Charts.lineChart("Loss", "step", "loss", new double[] {0.5, 1, 1.5, 2, 2.5},
                curves, List.of()));
        kinds.put("heatmap", () -> Charts.heatmap("Confusion", List.of("cat", "dog"), List.of("cat", "dog"),
                new double[][] {{9, 1}, {2, 8}}, true));
        kinds.put("bar", () -> Charts.barChart("Accuracy", "model", "accuracy", Map.of("MLP", 0.8)));
        kinds.put("grouped bar", () -> Charts.groupedBarChart("Accuracy", "model", "accuracy", grouped));
        kinds.put("scatter", () -> Charts.scatter("RR vs NFR", "RR", "NFR",
                List.of(new Charts.Point(0.4, 0.02, "retrain"), new Charts.Point(0.6, 0.05, "Arachne"))));
        kinds.put("box", () -> Charts.boxPlot("Seeds", "accuracy",
                Map.of("original", new double[] {0.9, 0.91, 0.89, 0.92, 0.7})));
        return kinds;
    }

    @Test
    void everyKindRendersANonEmptySvgWithAViewBoxAndNoFixedSize() {
        EVERY_KIND.forEach((kind, chart) -> {
            Chart c = chart.get();
            assertThat(c.svg()).as(kind).startsWith("<svg").endsWith("</svg>").contains("viewBox=")
                    .contains("<text").hasSizeGreaterThan(2000);
            assertThat(c.svg().substring(0, c.svg().indexOf('>'))).as(kind).doesNotContain("width=");
            assertThat(c.width()).as(kind).isPositive();
            assertThat(c.height()).as(kind).isPositive();
        });
    }

    @Test
    void sameInputGivesTheSameSvg() {
        EVERY_KIND.forEach((kind, chart) -> assertThat(chart.get().svg()).as(kind).isEqualTo(chart.get().svg()));
    }

    @Test
    void differentChartsGetDifferentElementIdsSoOnePageCanHoldThemAll() {
        String a = Charts.barChart("A", "x", "y", Map.of("one", 1.0)).svg();
        String b = Charts.barChart("B", "x", "y", Map.of("one", 1.0)).svg();
        assertThat(ids(a)).isNotEmpty().doesNotContainAnyElementsOf(ids(b));
    }

    @Test
    void textIsEscapedInsideTheSvg() {
        Chart chart = Charts.barChart("<script>alert(1)</script>", "x & y", "v", Map.of("<b>", 1.0));
        assertThat(chart.svg()).doesNotContain("<script>", "<b>").contains("&lt;script&gt;");
        assertThat(chart.toHtml()).contains("title=\"&lt;script&gt;");
    }

    @Test
    void heatmapAnnotatesSmallMatricesOnly() {
        double[][] small = {{137, 251}, {389, 463}};
        String annotated = Charts.heatmap("m", List.of("a", "b"), List.of("c", "d"), small, true).svg();
        assertThat(annotated).contains(">137<", ">251<", ">389<", ">463<");
        String plain = Charts.heatmap("m", List.of("a", "b"), List.of("c", "d"), small, false).svg();
        assertThat(plain).doesNotContain(">137<", ">463<");

        int n = HeatmapChart.MAX_ANNOTATED_SIDE + 1;
        double[][] large = new double[n][n];
        large[0][0] = 777;
        List<String> labels = java.util.stream.IntStream.range(0, n).mapToObj(i -> "L" + i).toList();
        assertThat(Charts.heatmap("big", labels, labels, large, true).svg()).doesNotContain(">777<");
    }

    @Test
    void markerLabelsAndPointLabelsAppearInTheChart() {
        assertThat(EVERY_KIND.get("line").get().svg()).contains(">overfitting<");
        assertThat(EVERY_KIND.get("scatter").get().svg()).contains(">retrain<", ">Arachne<");
    }

    @Test
    void rejectsMismatchedOrEmptyInput() {
        assertThatThrownBy(() -> Charts.boxPlot("b", "v", Map.of("g", new double[] {Double.NaN})))
                .hasMessageContaining("'g' has no finite samples");
        assertThatThrownBy(() -> Charts.heatmap("h", List.of("a"), List.of("x", "y"), new double[][] {{1}}, true))
                .hasMessageContaining("1 values but there are 2 column labels");
        assertThatThrownBy(() -> Charts.lineChart("l", "x", "y", new double[] {1}, Map.of("s", new double[] {1, 2}),
                List.of())).hasMessageContaining("only 1 x values");
    }

    private static List<String> ids(String svg) {
        Matcher m = Pattern.compile("id='([^']+)'").matcher(svg);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The numbers a chart prints (its tick labels and any numeric item labels). */
    private static List<String> numericTexts(Chart chart) {
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(chart.svg());
        List<String> numbers = new java.util.ArrayList<>();
        while (m.find()) {
            String t = m.group(1).trim().replace(",", "");
            if (t.matches("-?[0-9.]+(E-?[0-9]+)?")) {
                numbers.add(t);
            }
        }
        return numbers;
    }

    @Test
    void aOnePointOrFlatAxisGetsDistinctPlainTicksNotTheSameValueInENotation() {
        // the demo's RR/NFR scatter with a single fixed model: every tick used to read 2.196782E1
        Chart one = Charts.scatter("RR vs NFR", "NFR %", "RR %", List.of(new Charts.Point(2.196782, 21.96782, "fix")));
        Chart flatLine = Charts.lineChart("Loss", "epoch", "loss", Map.of("train", new double[] {0.5, 0.5, 0.5}));
        Chart oneEpoch = Charts.lineChart("Loss", "epoch", "loss", Map.of("train", new double[] {0.0}));
        Chart box = Charts.boxPlot("Seeds", "accuracy", Map.of("a", new double[] {0.9, 0.9, 0.9}));
        for (Chart c : List.of(one, flatLine, oneEpoch, box)) {
            List<String> ticks = numericTexts(c);
            assertThat(ticks).as(c.title()).noneMatch(t -> t.contains("E"));
            assertThat(new java.util.HashSet<>(ticks)).as(c.title() + " " + ticks).hasSizeGreaterThanOrEqualTo(3);
        }
        // the value itself lies inside the range: its neighbours are printed around it
        List<Double> rr = numericTexts(one).stream().map(Double::parseDouble).filter(v -> v > 15).toList();
        assertThat(rr).anyMatch(v -> v < 21.96782).anyMatch(v -> v > 21.96782);
    }
}
