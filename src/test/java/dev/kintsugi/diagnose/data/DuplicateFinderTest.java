package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuplicateFinderTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final int SIZE = 16;

    /** Train: 60 band images plus an exact copy of train #0, test #3 exactly, test #5 noised, test #7 shifted. */
    static Splits planted() {
        Dataset base = TestData.bands("train", 60, SIZE, 4, 1);
        Dataset test = TestData.bands("test", 20, SIZE, 4, 2);
        float[] noised = test.sample(5);
        SplittableRandom r = new SplittableRandom(9);
        for (int p = 0; p < noised.length; p++) {
            noised[p] = (float) Math.min(1, Math.max(0, noised[p] + 0.01 * r.nextGaussian()));
        }
        float[] original = test.sample(7);
        float[] shifted = new float[original.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 1; x < SIZE; x++) {
                shifted[y * SIZE + x] = original[y * SIZE + x - 1];
            }
        }
        float[] extra = concat(base.sample(0), test.sample(3), noised, shifted);
        Dataset planted = new Dataset("planted", new int[]{1, SIZE, SIZE}, extra,
                new int[]{base.label(0), test.label(3), test.label(5), test.label(7)}, base.classNames());
        Dataset train = Dataset.concat("train", List.of(base, planted));
        return new Splits("planted", train, TestData.bands("valid", 20, SIZE, 4, 3),
                TestData.bands("repair", 20, SIZE, 4, 4), test);
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static Duplicates find(Splits splits) {
        return new DuplicateFinder(DuplicateSettings.defaults(), QUIET).find(splits.byName(), null);
    }

    @Test
    void findsExactDuplicatesWithinTrainAndLeakageIntoTest() {
        Duplicates d = find(planted());
        assertThat(d.pairs()).contains(new DuplicatePair("train", 0, "train", 60, "exact", "content-hash", 0));
        assertThat(d.pairs()).contains(new DuplicatePair("train", 61, "test", 3, "exact", "content-hash", 0));
        assertThat(d.count("train", DuplicatePair.EXACT)).isEqualTo(1);
        assertThat(d.count("test", DuplicatePair.EXACT)).isEqualTo(1);
    }

    @Test
    void findsNoisedAndShiftedCopiesButNotUnrelatedImages() {
        Duplicates d = find(planted());
        List<DuplicatePair> near = d.pairs().stream().filter(p -> p.kind().equals(DuplicatePair.NEAR)).toList();
        assertThat(near).anySatisfy(p -> {
            assertThat(p.first()).isEqualTo(62);
            assertThat(p.secondSplit()).isEqualTo("test");
            assertThat(p.second()).isEqualTo(5);
            assertThat(p.distance()).isBetween(0.001, 0.02);
        });
        assertThat(near).anySatisfy(p -> {
            assertThat(p.first()).isEqualTo(63);
            assertThat(p.second()).isEqualTo(7);
            assertThat(p.distance()).isLessThan(1e-6);
        });
        // Nothing else: the other band images differ by their own noise (pixel RMS ~0.12).
        assertThat(d.pairs()).hasSize(4);
        assertThat(d.counts(List.of("train", "valid", "repair", "test")))
                .containsEntry("train-valid", Map.of("exactPairs", 0L, "nearPairs", 0L, "trainSamples", 0));
    }

    @Test
    void tabularNearDuplicatesUseStandardisedFeatures() {
        Dataset train = TestData.blobs("train", 50, 6, 3, 1);
        Dataset test = TestData.blobs("test", 20, 6, 3, 2);
        float[] x = train.featuresView().clone();
        float[] copy = test.sample(4);
        copy[0] += 0.01f;
        System.arraycopy(copy, 0, x, 10 * 6, 6);
        Dataset leaky = train.withFeatures("train", x);
        Duplicates d = find(new Splits("t", leaky, TestData.blobs("valid", 20, 6, 3, 3),
                TestData.blobs("repair", 20, 6, 3, 4), test));
        assertThat(d.methods()).contains("feature-nn");
        assertThat(d.pairs()).singleElement().satisfies(p -> {
            assertThat(p.first()).isEqualTo(10);
            assertThat(p.secondSplit()).isEqualTo("test");
            assertThat(p.second()).isEqualTo(4);
            assertThat(p.kind()).isEqualTo(DuplicatePair.NEAR);
        });
    }

    @Test
    void shiftTolerantDistanceForgivesOnePixelButNotContent() {
        float[] a = TestData.bands("a", 1, SIZE, 4, 5).sample(0);
        float[] b = TestData.bands("b", 1, SIZE, 4, 6).sample(0);
        float[] shifted = new float[a.length];
        for (int y = 1; y < SIZE; y++) {
            System.arraycopy(a, (y - 1) * SIZE, shifted, y * SIZE, SIZE);
        }
        assertThat(ShiftTolerantDistance.between(a, 0, shifted, 0, 1, SIZE, SIZE, 1)).isLessThan(1e-9);
        assertThat(ShiftTolerantDistance.between(a, 0, shifted, 0, 1, SIZE, SIZE, 0)).isGreaterThan(0.1);
        assertThat(ShiftTolerantDistance.between(a, 0, b, 0, 1, SIZE, SIZE, 1)).isGreaterThan(0.08);
    }

    @Test
    void perceptualHashIgnoresSmallNoiseAndSeesDifferentImages() {
        float[] a = TestData.bands("a", 1, 28, 4, 5).sample(0);
        float[] other = TestData.bands("b", 4, 28, 4, 6).sample(2);
        float[] brighter = a.clone();
        for (int i = 0; i < brighter.length; i++) {
            brighter[i] = brighter[i] * 0.9f + 0.05f;
        }
        long h = PerceptualHash.of(a, 0, 1, 28, 28);
        assertThat(PerceptualHash.hamming(h, PerceptualHash.of(brighter, 0, 1, 28, 28))).isZero();
        assertThat(PerceptualHash.hamming(h, PerceptualHash.of(other, 0, 1, 28, 28))).isGreaterThan(10);
    }

    @Test
    void mismatchedShapesAreOneLineErrors() {
        Splits s = planted();
        Splits bad = new Splits("bad", s.train(), TestData.bands("valid", 10, 12, 4, 3), s.repair(), s.test());
        assertThatThrownBy(() -> find(bad)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("sample shapes").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> DuplicateSettings.defaults().withMaxPixelDistance(-1))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("pixel distance");
    }
}
