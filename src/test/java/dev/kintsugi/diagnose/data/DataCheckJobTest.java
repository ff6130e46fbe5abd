package dev.kintsugi.diagnose.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.Splits;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataCheckJobTest {
    @TempDir
    Path tmp;

    @Test
    void wholeSuiteWritesJsonHtmlProvenanceAndALoadableCorrectedCopy() throws Exception {
        DataDoctorFixtures.Planted planted = DataDoctorFixtures.blobsWithFlips(0.08, 5);
        Splits original = planted.splits();
        String trainBefore = original.train().checksum();
        Path out = tmp.resolve("check");
        DataCheckJob.Outcome outcome = DataCheckJob.run(new DataCheckJob.Request(original, "blobs", null, null, null, null,
                List.of(), DataDoctorFixtures.settings(), "remove", 3, out, false), "test", DataDoctorFixtures.QUIET);

        assertThat(outcome.doctor().results()).extracting(CheckResult::check)
                .containsExactly("label-noise", "imbalance", "learning-curve", "duplicates", "drift");
        JsonNode json = Json.mapper().readTree(out.resolve(DataCheckReport.JSON).toFile());
        assertThat(json.get("checks")).hasSize(5);
        assertThat(json.get("checks").get(1).get("metrics").has("recall")).as("imbalance reuses the CV predictions")
                .isTrue();
        assertThat(json.get("checks").get(2).get("metrics").get("points")).hasSize(5);
        String html = Files.readString(out.resolve(DataCheckReport.HTML));
        assertThat(html).contains("label-noise").contains("imbalance").contains("learning-curve")
                .contains("Calibrated confident joint");
        assertThat(out.resolve(DataCheckReport.PROVENANCE)).exists();

        Path copy = out.resolve(DataCheckReport.CORRECTED);
        assertThat(copy.resolve(DataCheckReport.PROVENANCE)).exists();
        assertThat(Files.readAllLines(copy.resolve(DataCheckReport.CHANGES))).hasSize(
                outcome.correction().changes().size() + 1);
        Splits loaded = DatasetResolver.resolve(copy.toString(), 0);
        int removed = outcome.correction().changes().size();
        assertThat(removed).isGreaterThan(20);
        assertThat(loaded.train().size()).isEqualTo(original.train().size() - removed);
        assertThat(loaded.valid().checksum()).isEqualTo(original.valid().checksum());
        assertThat(loaded.repair().checksum()).isEqualTo(original.repair().checksum());
        assertThat(loaded.test().featuresView()).isEqualTo(original.test().featuresView());
        assertThat(loaded.test().labels()).isEqualTo(original.test().labels());
        assertThat(original.train().checksum()).isEqualTo(trainBefore);
    }

    @Test
    void relabelKeepsEverySampleAndTakesTheSuggestedLabels() {
        DataDoctorFixtures.Planted planted = DataDoctorFixtures.blobsWithFlips(0.08, 6);
        Path out = tmp.resolve("relabel");
        DataCheckJob.Outcome outcome = DataCheckJob.run(new DataCheckJob.Request(planted.splits(), "blobs", null, null,
                null, null, List.of("label-noise"), DataDoctorFixtures.settings(), "relabel", 3, out, false), "test",
                DataDoctorFixtures.QUIET);
        Splits loaded = DatasetResolver.resolve(out.resolve(DataCheckReport.CORRECTED).toString(), 0);
        assertThat(loaded.train().size()).isEqualTo(planted.splits().train().size());
        int changed = 0;
        for (int i = 0; i < loaded.train().size(); i++) {
            changed += loaded.train().label(i) != planted.splits().train().label(i) ? 1 : 0;
        }
        assertThat(changed).isEqualTo(outcome.correction().changes().size()).isPositive();
    }

    @Test
    void aFixNeedsItsCheckAndAnExistingOutputIsRefused() throws Exception {
        DataDoctorFixtures.Planted planted = DataDoctorFixtures.blobsWithFlips(0, 5);
        assertThatThrownBy(() -> DataCheckJob.run(new DataCheckJob.Request(planted.splits(), "blobs", null, null, null,
                null, List.of("imbalance"), DataDoctorFixtures.settings(), "remove", 0, tmp.resolve("x"), false), "test",
                DataDoctorFixtures.QUIET)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("needs the label-noise check");
        Files.createDirectories(tmp.resolve("exists"));
        assertThatThrownBy(() -> DataCheckJob.run(new DataCheckJob.Request(planted.splits(), "blobs", null, null, null,
                null, List.of("imbalance"), DataDoctorFixtures.settings(), null, 0, tmp.resolve("exists"), false), "test",
                DataDoctorFixtures.QUIET)).isInstanceOf(KintsugiException.class).hasMessageContaining("already exists");
    }
}
