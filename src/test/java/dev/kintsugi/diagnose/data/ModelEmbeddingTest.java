package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The model-based paths: embedding nearest neighbours for duplicates, MMD on embeddings for drift. */
class ModelEmbeddingTest {

    @Test
    void embeddingSearchAddsItsMethodAndKeepsThePlantedPairs() {
        Splits splits = DuplicateFinderTest.planted();
        try (Network model = Network.create(TestData.spec("mlp", Map.of("hidden", "32"), splits.train()), 1)) {
            Duplicates d = new DuplicateFinder(DuplicateSettings.defaults().withMaxEmbeddingDistance(1e-6),
                    DuplicateFinderTest.QUIET).find(splits.byName(), model);
            assertThat(d.methods()).contains("embedding-nn");
            assertThat(d.pairs()).anySatisfy(p -> {
                assertThat(p.first()).isEqualTo(61);
                assertThat(p.second()).isEqualTo(3);
                assertThat(p.kind()).isEqualTo(DuplicatePair.EXACT);
            });
            assertThat(d.pairs()).anySatisfy(p -> assertThat(p.first()).isEqualTo(62));
        }
    }

    @Test
    void mmdOnEmbeddingsSeesBrighterImagesAndNotAFreshSample() {
        Dataset reference = TestData.bands("ref", 150, 8, 4, 1);
        Dataset same = TestData.bands("same", 150, 8, 4, 2);
        float[] x = same.featuresView().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(1f, x[i] + 0.2f);
        }
        try (Network model = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), reference), 3)) {
            DriftCheck check = new DriftCheck();
            DriftOutcome bright = check.compare(reference, same.withFeatures("bright", x), model, 0);
            DriftOutcome none = check.compare(reference, same, model, 0);
            assertThat(bright.method()).isEqualTo("mmd");
            assertThat(bright.pValue()).isLessThan(0.01);
            assertThat(none.pValue()).isGreaterThan(0.05);
        }
    }
}
