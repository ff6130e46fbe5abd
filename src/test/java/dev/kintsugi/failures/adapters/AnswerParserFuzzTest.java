package dev.kintsugi.failures.adapters;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A language model's answer is outside input too: whatever it says, the parser returns short, clean,
 * distinct phrases and never throws. The corpus ({@code AnswerParserFuzzTestInputs/answer/}) replays
 * under plain JUnit; {@code bench/fuzz.sh} fuzzes it.
 */
class AnswerParserFuzzTest {
    @FuzzTest
    void answer(byte[] input) {
        List<String> items = ContextListParser.parse(new String(input, StandardCharsets.UTF_8));
        assertThat(items).doesNotHaveDuplicates().allSatisfy(item -> {
            assertThat(item).isNotBlank().isEqualTo(item.strip());
            assertThat(item.split(" ")).hasSizeLessThanOrEqualTo(ContextListParser.MAX_WORDS);
        });
    }
}
