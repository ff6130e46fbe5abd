package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompositingGeneratorTest {
    private final Dataset items = TestData.bands("bands", 200, 28, 10, 0);
    private final CompositingGenerator generator = new CompositingGenerator(items);

    @Test
    void labelledColourImagesOnTheNamedBackground() {
        Dataset out = generator.generate("class1", 1, "snow", 12, 5);

        assertThat(out.size()).isEqualTo(12);
        assertThat(out.sampleShape()).containsExactly(3, 28, 28);
        assertThat(out.labels()).containsOnly(1);
        assertThat(out.classNames()).isEqualTo(items.classNames());
        assertThat(out.attribute("background")).containsOnly("snow");
        for (float v : out.featuresView()) {
            assertThat(v).isBetween(0f, 1f);
        }
        // Random variation: no two images alike.
        assertThat(Arrays.stream(new int[] {0, 1, 2, 3}).mapToObj(i -> Arrays.hashCode(out.sample(i))).distinct())
                .hasSize(4);
        // The class-1 band (row 2) is drawn in: that row differs from the background rows.
        assertThat(new BackgroundDescriber(8, 0).describe(out, List.of("snow", "sky", "night")))
                .allMatch(d -> d.context().equals("snow"));
    }

    @Test
    void deterministicForASeed() {
        assertThat(generator.generate("class3", 3, "brick", 5, 9).checksum())
                .isEqualTo(generator.generate("class3", 3, "brick", 5, 9).checksum())
                .isNotEqualTo(generator.generate("class3", 3, "brick", 5, 10).checksum());
    }

    @Test
    void refusesMismatchedClassesAndUnknownBackgrounds() {
        assertThatThrownBy(() -> generator.generate("class2", 1, "sky", 1, 0)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("class 1 is 'class1', not 'class2'");
        assertThatThrownBy(() -> generator.generate("class1", 1, "moon", 1, 0)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("unknown background 'moon'");
        assertThatThrownBy(() -> new CompositingGenerator(TestData.blobs("tab", 10, 4, 2, 0)))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("grey 28x28 items");
    }
}
