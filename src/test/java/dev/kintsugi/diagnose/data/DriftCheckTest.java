package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriftCheckTest {

    @Test
    void domainClassifierSeesBrighterImagesAndNotASecondSampleOfTheSameKind() {
        Dataset reference = TestData.bands("ref", 200, 8, 4, 1);
        Dataset same = TestData.bands("same", 200, 8, 4, 2);
        float[] x = same.featuresView().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(1f, x[i] + 0.15f);
        }
        DriftCheck check = new DriftCheck();
        DriftOutcome bright = check.compare(reference, same.withFeatures("bright", x), null, 0);
        DriftOutcome none = check.compare(reference, same, null, 0);
        assertThat(bright.method()).isEqualTo("domain-classifier");
        assertThat(bright.alarm()).isTrue();
        assertThat(bright.test().statistic()).isGreaterThan(0.9);
        assertThat(none.alarm()).isFalse();
    }

    @Test
    void tabularCheckComparesTrainWithTestByDefault() {
        Dataset train = TestData.blobs("train", 300, 4, 2, 1);
        Dataset test = TestData.blobs("test", 300, 4, 2, 2);
        float[] x = test.featuresView().clone();
        for (int i = 0; i < test.size(); i++) {
            x[i * 4 + 1] *= 2.5f;
        }
        Splits splits = new Splits("t", train, TestData.blobs("v", 30, 4, 2, 3), TestData.blobs("r", 30, 4, 2, 4),
                test.withFeatures("scaled", x));
        CheckResult result = new DriftCheck().run(new DataCheckContext(splits, null, null, 0,
                DuplicateFinderTest.QUIET));
        assertThat(result.metrics()).containsEntry("method", "ks+psi").containsEntry("alarm", true)
                .containsEntry("featuresAlarmed", 1L);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.PROBLEM);
            assertThat(f.problem()).contains("scaled vs train");
        });
    }

    @Test
    void mismatchedDatasetsAndMmdWithoutAModelAreOneLineErrors() {
        DriftCheck check = new DriftCheck(DriftSettings.defaults().withImageMethod("mmd"));
        Dataset images = TestData.bands("images", 20, 8, 4, 1);
        assertThatThrownBy(() -> check.compare(images, TestData.bands("small", 20, 6, 4, 1), null, 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("sample shapes");
        assertThatThrownBy(() -> check.compare(images, images, null, 0))
                .isInstanceOf(KintsugiException.class).hasMessage("MMD drift on images needs a model (--model) for its"
                        + " embeddings");
    }

    @Test
    void reportSectionsRenderForImagesAndTables() {
        Dataset images = TestData.bands("images", 40, 8, 4, 1);
        Splits imageSplits = new Splits("i", images, images, images, TestData.bands("new", 40, 8, 4, 2));
        Splits tableSplits = new Splits("t", TestData.blobs("a", 60, 3, 2, 1), TestData.blobs("b", 20, 3, 2, 2),
                TestData.blobs("c", 20, 3, 2, 3), TestData.blobs("d", 60, 3, 2, 4));
        for (Splits splits : java.util.List.of(imageSplits, tableSplits)) {
            CheckResult result = new DriftCheck().run(new DataCheckContext(splits, null, null, 0,
                    DuplicateFinderTest.QUIET));
            dev.kintsugi.report.HtmlReport report = dev.kintsugi.report.HtmlReport.titled("drift");
            result.report().accept(report.section("Drift"));
            assertThat(report.toHtml()).contains("p-value").contains(splits == imageSplits ? "domain-classifier"
                    : "PSI of the most shifted features");
        }
    }
}
