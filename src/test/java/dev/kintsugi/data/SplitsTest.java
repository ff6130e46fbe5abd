package dev.kintsugi.data;

import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SplitsTest {
    private final Splits splits = new Splits("bands", TestData.bands("b/train", 8, 6, 2, 1),
            TestData.bands("b/valid", 6, 6, 2, 2), TestData.bands("b/repair", 4, 6, 2, 3),
            TestData.bands("b/test", 2, 6, 2, 4));

    @Test
    void byNameListsTheFourSplitsInTheirFixedOrder() {
        assertThat(splits.byName().keySet()).containsExactlyElementsOf(Splits.NAMES);
        assertThat(splits.byName().values()).extracting(Dataset::size).containsExactly(8, 6, 4, 2);
    }

    @Test
    void namedFindsASplitAndNothingElse() {
        assertThat(splits.named("repair")).containsSame(splits.repair());
        assertThat(splits.named("holdout")).isEmpty();
    }
}
