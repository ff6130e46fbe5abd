package dev.kintsugi.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {
    @Test
    void escapesMarkupQuotesAndAmpersands() {
        assertThat(Html.escape("<script>alert(\"x\" & 'y')</script>"))
                .isEqualTo("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
    }

    @Test
    void replacesControlCharactersAndKeepsUnicode() {
        assertThat(Html.escape("a\u0000b\tc ⇑ é")).isEqualTo("a\uFFFDb\tc ⇑ é");
        assertThat(Html.escape(null)).isEmpty();
    }
}
