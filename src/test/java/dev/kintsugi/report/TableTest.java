package dev.kintsugi.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {
    private static final Pattern SHADE = Pattern.compile("rgba\\(([0-9,]+),([0-9.]+)\\)\">([^<]*)<");

    /** A shaded cell: its colour, tint strength and text. */
    private record Shade(String rgb, double alpha, String text) {
    }

    private static List<Shade> shades(String html) {
        List<Shade> shades = new ArrayList<>();
        Matcher m = SHADE.matcher(html);
        while (m.find()) {
            shades.add(new Shade(m.group(1), Double.parseDouble(m.group(2)), m.group(3)));
        }
        return shades;
    }

    @Test
    void improvementColumnIsGreenWhenPositiveRedWhenNegativeAndProportionalToMagnitude() {
        String html = Table.withHeaders("model", "⇑ acc").shade("⇑ acc", Shading.IMPROVEMENT).decimals(2)
                .row("a", 4.0).row("b", -2.0).row("c", 1.0).row("d", 0.0).toHtml();

        List<Shade> shades = shades(html);
        assertThat(shades).extracting(Shade::text).containsExactly("4.00", "-2.00", "1.00");
        assertThat(shades.get(0).rgb()).isEqualTo(Shading.GOOD_RGB);
        assertThat(shades.get(1).rgb()).isEqualTo(Shading.BAD_RGB);
        assertThat(shades.get(2).rgb()).isEqualTo(Shading.GOOD_RGB);
        assertThat(shades.get(0).alpha()).isEqualTo(Shading.MAX_ALPHA);
        assertThat(shades.get(1).alpha()).isCloseTo(Shading.MAX_ALPHA / 2, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(shades.get(2).alpha()).isCloseTo(Shading.MAX_ALPHA / 4, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(html).contains("<td class=\"num\">0.00</td>");
    }

    @Test
    void higherAndLowerIsBetterShadeTheBestEndStrongest() {
        String html = Table.withHeaders("acc", "errors")
                .shade("acc", Shading.HIGHER_IS_BETTER).shade("errors", Shading.LOWER_IS_BETTER)
                .row(0.9, 10).row(0.8, 30).row(0.7, 20).toHtml();

        // acc 0.9 (best) and errors 10 (best) are fully tinted; 0.7 and 30 (worst) are not tinted at all.
        List<Shade> shades = shades(html);
        assertThat(shades).extracting(Shade::rgb).containsOnly(Shading.GOOD_RGB);
        assertThat(shades).extracting(Shade::text).containsExactly("0.900", "10", "0.800", "20");
        assertThat(shades).extracting(Shade::alpha)
                .containsExactly(Shading.MAX_ALPHA, Shading.MAX_ALPHA, Shading.MAX_ALPHA / 2, Shading.MAX_ALPHA / 2);
    }

    @Test
    void ignoresNonFiniteAndTextCellsWhenShading() {
        String html = Table.withHeaders("⇑").shade("⇑", Shading.IMPROVEMENT)
                .row(Double.NaN).row("n/a").row(2.0).row((Object) null).toHtml();
        assertThat(shades(html)).extracting(Shade::alpha).containsExactly(Shading.MAX_ALPHA);
        assertThat(html).contains("<td class=\"num\">–</td>", "<td>n/a</td>", "<td></td>");
    }

    @Test
    void formatsNumbersRightAlignedWithConfiguredDecimalsAndEscapesText() {
        String html = Table.withHeaders("name <b>", "x", "n").decimals(1).decimals("n", 4)
                .caption("<script>alert(1)</script>")
                .row("<script>alert(1)</script>", 3.14159, 2.5).row("b", 2L, 7).toHtml();
        assertThat(html).contains("<th>name &lt;b&gt;</th>", "<th class=\"num\">x</th>",
                "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>", "<td class=\"num\">3.1</td>",
                "<td class=\"num\">2.5000</td>", "<td class=\"num\">2</td>", "<td class=\"num\">7</td>",
                "<caption>&lt;script&gt;");
        assertThat(html).doesNotContain("<script>");
    }

    @Test
    void rejectsRaggedRowsAndUnknownColumns() {
        Table table = Table.withHeaders("a", "b");
        assertThatThrownBy(() -> table.row("only one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells").hasMessageContaining("2 columns");
        assertThatThrownBy(() -> table.shade("c", Shading.IMPROVEMENT)).hasMessageContaining("no column 'c'");
    }
}
