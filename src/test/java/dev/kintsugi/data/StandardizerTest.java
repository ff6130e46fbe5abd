package dev.kintsugi.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StandardizerTest {
    private static Dataset twoFeatures(String name, float[] x) {
        return new Dataset(name, new int[] {2}, x, new int[x.length / 2], List.of("only"));
    }

    @Test
    void fitsMeanAndStdWithConstantFeaturesKeptAtStdOne() {
        Standardizer s = Standardizer.fit(twoFeatures("train", new float[] {1, 5, 3, 5}));

        assertThat(s.mean()).containsExactly(2, 5);
        assertThat(s.std()).containsExactly(1, 1);
        assertThat(s.apply(twoFeatures("t", new float[] {4, 5})).featuresView()).containsExactly(2, 0);
    }

    @Test
    void fittedOnTrainOnlyAndAppliedToAllSplits() {
        Dataset train = twoFeatures("d/train", new float[] {0, 0, 2, 2});
        Dataset other = twoFeatures("d/other", new float[] {100, 100, 300, 300});
        Splits raw = new Splits("d", train, other, other, other);

        StandardizedSplits s = Standardizer.fitAndApply(raw);

        assertThat(s.standardizer().mean()).containsExactly(1, 1);
        assertThat(s.splits().train().featuresView()).containsExactly(-1, -1, 1, 1);
        assertThat(s.splits().test().featuresView()[0]).isCloseTo(99f, within(1e-5f));
        assertThat(s.splits().valid().name()).isEqualTo("d/other");
    }
}
