package dev.kintsugi.failures.adapters;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContextListParserTest {
    @Test
    void readsTheShapesChatModelsAnswerIn() {
        assertThat(ContextListParser.parse("1) Desert\n2) Rain forests\n3) Urban areas"))
                .containsExactly("desert", "rain forests", "urban areas");
        assertThat(ContextListParser.parse("- Jungle canopies\n* In sky\n\u2022 Caves: dark and damp"))
                .containsExactly("jungle canopies", "sky", "caves");
        assertThat(ContextListParser.parse("Mountain peaks, busy streets, frozen lakes and subway tunnels."))
                .containsExactly("mountain peaks", "busy streets", "frozen lakes", "subway tunnels");
        assertThat(ContextListParser.parse("Some uncommon backgrounds: gyms; swimming pools; construction sites"))
                .containsExactly("gyms", "swimming pools", "construction sites");
        assertThat(ContextListParser.parse("[\"Polar ice caps\", \"Volcanic areas\", \"polar ice caps\"]"))
                .containsExactly("polar ice caps", "volcanic areas");
        assertThat(ContextListParser.parse("[{\"background\": \"Caves\", \"reason\": \"dark\"}]"))
                .containsExactly("caves");
        assertThat(ContextListParser.parse("Desert\nSnow\nIn a restaurant")).containsExactly("desert", "snow",
                "restaurant");
    }

    @Test
    void dropsProseAndEmptyAnswers() {
        assertThat(ContextListParser.parse("")).isEmpty();
        assertThat(ContextListParser.parse(null)).isEmpty();
        assertThat(ContextListParser.parse("There is really no way to tell where such an item could be seen."))
                .isEmpty();
        assertThat(ContextListParser.parse("[1, 2, 3]")).isEmpty();
    }

    @Test
    void vocabularyMatchingUsesWordPrefixes() {
        VocabularyMatcher m = new VocabularyMatcher(List.of("snow", "grass", "night", "sky", "brick wall"));
        assertThat(m.map(List.of("grasslands", "snowy peaks", "the night sky", "brick walls", "underwater",
                "skyscraper roof"))).containsExactly("grass", "snow", "night", "sky", "brick wall");
    }
}
