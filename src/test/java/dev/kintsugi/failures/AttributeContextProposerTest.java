package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionBackgrounds;
import dev.kintsugi.data.Splits;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AttributeContextProposerTest {
    /** Class 0: 60 sky, 30 sand, 10 snow; class 1: 50 sand, 50 night. */
    private static Dataset train() {
        List<String> contexts = new ArrayList<>();
        int[] labels = new int[200];
        for (int i = 0; i < 200; i++) {
            labels[i] = i < 100 ? 0 : 1;
            contexts.add(i < 60 ? "sky" : i < 90 ? "sand" : i < 100 ? "snow" : i < 150 ? "sand" : "night");
        }
        return new Dataset("train", new int[] {1}, new float[200], labels, TestData.classNames(2),
                Map.of("background", contexts.toArray(String[]::new)));
    }

    @Test
    void rareContextsMostRareFirst() {
        AttributeContextProposer proposer = new AttributeContextProposer(train(), "background", 0.35);

        assertThat(proposer.vocabulary()).containsExactly("night", "sand", "sky", "snow");
        // class0: night 0 (never seen), snow 0.1, sand 0.3 are below 0.35; sky 0.6 is common.
        assertThat(proposer.uncommonContexts("class0")).containsExactly("night", "snow", "sand");
        assertThat(proposer.uncommonContexts("class1")).containsExactly("sky", "snow");
    }

    @Test
    void defaultThresholdIsAnEvenShare() {
        AttributeContextProposer proposer = AttributeContextProposer.of(train(), "background");

        assertThat(proposer.rareBelow()).isEqualTo(0.25);
        assertThat(proposer.uncommonContexts("class0")).containsExactly("night", "snow");
    }

    @Test
    void trainingDistributionAndSamplingFromIt() {
        ContextDistribution d = AttributeContextProposer.of(train(), "background").distribution("class0");

        assertThat(d.share("sky")).isEqualTo(0.6);
        assertThat(d.share("night")).isZero();
        assertThat(d.shares().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        SplittableRandom rng = new SplittableRandom(1);
        int sky = 0;
        for (int i = 0; i < 10_000; i++) {
            String c = d.sample(rng);
            assertThat(c).isNotEqualTo("night");
            sky += c.equals("sky") ? 1 : 0;
        }
        assertThat(sky / 10_000.0).isCloseTo(0.6, within(0.02));
    }

    @Test
    void onFashionBgEveryBackgroundButTheCommonOneIsRare() {
        Dataset bands = TestData.bands("bands", 3000, 28, 10, 0);
        Dataset train = FashionBackgrounds.compose(new Splits("b", bands, bands, bands, bands), 0).train();
        AttributeContextProposer proposer = AttributeContextProposer.of(train, "background");

        for (int c = 0; c < 10; c++) {
            String common = FashionBackgrounds.commonBackground(c).label();
            assertThat(proposer.uncommonContexts("class" + c)).hasSize(9).doesNotContain(common);
            assertThat(proposer.distribution("class" + c).share(common)).isCloseTo(0.9, within(0.05));
        }
    }

    @Test
    void refusesUnknownClassesAttributesAndThresholds() {
        assertThatThrownBy(() -> AttributeContextProposer.of(train(), "background").uncommonContexts("dog"))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("unknown class 'dog'");
        assertThatThrownBy(() -> AttributeContextProposer.of(train(), "colour")).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("no attribute 'colour'");
        assertThatThrownBy(() -> new AttributeContextProposer(train(), "background", 0))
                .isInstanceOf(KintsugiException.class);
    }
}
