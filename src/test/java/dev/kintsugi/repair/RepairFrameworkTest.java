package dev.kintsugi.repair;

import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.util.Provenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The framework's promises, checked with the fine-tuning baseline on a planted failure. */
class RepairFrameworkTest {
    static final Splits SPLITS = PlantedFailure.SPLITS;
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    static Network original;

    @BeforeAll
    static void trainOriginal() {
        original = PlantedFailure.trainModel();
    }

    static RepairContext context(Double maxNfr) {
        return RepairContext.prepare(original, SPLITS, 5, Duration.ofMinutes(1), maxNfr,
                Map.of("epochs", "8", "lr", "0.003"), QUIET);
    }

    static int fixedNegatives(Network model, RepairContext c) {
        Predictions p = Predictor.predict(model, c.negatives());
        int fixed = 0;
        for (int i = 0; i < p.size(); i++) {
            fixed += p.correct(i) ? 1 : 0;
        }
        return fixed;
    }

    @Test
    void thePlantedFailureIsThereToRepair() {
        RepairContext c = context(null);
        assertThat(c.negatives().size()).isGreaterThan(20);
        assertThat(c.positives().size() + c.negatives().size()).isEqualTo(SPLITS.repair().size());
    }

    @Test
    void finetuneRepairsTheNegativesWithoutTouchingTheOriginal() {
        float[] before = original.parameterValues(original.headIndex(), "weight");
        RepairContext c = context(null);
        RepairResult r = RepairRegistry.get("finetune").repair(original, c);
        try (Network fixed = r.fixed()) {
            assertThat(fixedNegatives(fixed, c)).isGreaterThan(c.negatives().size() / 2);
            assertThat(original.parameterValues(original.headIndex(), "weight")).containsExactly(before);
            assertThat(r.diff().changedValues()).isPositive();
            assertThat(r.seconds()).isPositive();
            assertThat(r.keptOriginal()).isFalse();
        }
    }

    @Test
    void sameSeedGivesTheSameRepair() {
        RepairResult a = RepairRegistry.get("finetune").repair(original, context(null));
        RepairResult b = RepairRegistry.get("finetune").repair(original, context(null));
        try (Network fa = a.fixed(); Network fb = b.fixed()) {
            assertThat(fa.parameterValues(1, "weight")).containsExactly(fb.parameterValues(1, "weight"));
        }
    }

    @Test
    void theGuardNeverReturnsAModelOverBudget() {
        Predictions originalValid = Predictor.predict(original, SPLITS.valid());
        for (double budget : new double[] {0.0, 0.7, 5.0}) {
            RepairResult r = RepairRegistry.get("finetune").repair(original, context(budget));
            try (Network fixed = r.fixed()) {
                double nfr = Correctness.of(originalValid, Predictor.predict(fixed, SPLITS.valid())).negativeFlipRatePercent();
                assertThat(nfr).as("budget %s: %s", budget, r.guardNote()).isLessThanOrEqualTo(budget);
                if (r.keptOriginal()) {
                    assertThat(r.diff().changedValues()).isZero();
                }
            }
        }
    }

    @Test
    void theFixedModelIsSavedWithDiffAndProvenanceAndTheOriginalFilesStayByteIdentical(@TempDir Path dir)
            throws Exception {
        Path originalDir = dir.resolve("original");
        ModelStore.save(original, Provenance.of("model", "test"), originalDir, false);
        byte[] parameters = Files.readAllBytes(originalDir.resolve(ModelStore.PARAMETERS));
        byte[] spec = Files.readAllBytes(originalDir.resolve(ModelStore.SPEC));
        try (SavedModel saved = ModelStore.load(originalDir)) {
            RepairResult r = RepairJob.run(saved, SPLITS, "planted",
                    new RepairJob.Settings("finetune", 1, Duration.ofMinutes(1), null, Map.of("epochs", "2")), "test",
                    dir.resolve("fixed"), QUIET);
            r.fixed().close();
        }
        assertThat(Files.readAllBytes(originalDir.resolve(ModelStore.PARAMETERS))).isEqualTo(parameters);
        assertThat(Files.readAllBytes(originalDir.resolve(ModelStore.SPEC))).isEqualTo(spec);
        Path fixed = dir.resolve("fixed");
        assertThat(fixed.resolve(RepairJob.DIFF_FILE)).exists();
        assertThat(Files.readString(fixed.resolve(ModelStore.PROVENANCE))).contains("original-model")
                .contains("\"approach\" : \"finetune\"").contains("peakRssBytes").contains("wallTimeSeconds");
        try (SavedModel back = ModelStore.load(fixed)) {
            assertThat(back.network().spec()).isEqualTo(original.spec());
        }
    }

    @Test
    void setKeysAreCheckedAgainstWhatTheApproachDeclares() {
        RepairApproach fineTune = RepairRegistry.get("finetune");
        RepairRegistry.checkOptions(fineTune, Map.of("epochs", "2", "lr", "0.1", "replay", "3"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RepairRegistry.checkOptions(fineTune,
                        Map.of("epochs", "2", "lrate", "0.1")))
                .isInstanceOf(dev.kintsugi.KintsugiException.class)
                .hasMessage("unknown --set key 'lrate' for finetune; valid keys: epochs, lr, replay");
    }

    @Test
    void anApproachThatReadsAnUndeclaredKeyFails() {
        RepairApproach sloppy = scripted("sloppy", java.util.List.of("epochs"), (context, fixed) -> {
            context.intOption("epochs", 1);
            context.doubleOption("lr", 0.1);
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sloppy.repair(original, context(null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sloppy read options [lr] that its optionKeys() does not declare");
    }

    @Test
    void aRepairThatDivergesIsRefusedNotSaved() {
        // a NaN and an infinity in the output layer, as a too-large learning rate leaves them
        RepairApproach diverging = scripted("diverging", java.util.List.of(), (context, fixed) -> {
            float[] w = fixed.parameterValues(fixed.headIndex(), "weight");
            w[3] = Float.NaN;
            w[5] = Float.POSITIVE_INFINITY;
            fixed.setParameterValues(fixed.headIndex(), "weight", w);
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> diverging.repair(original, context(null)))
                .isInstanceOf(dev.kintsugi.KintsugiException.class)
                .hasMessageStartingWith("diverging diverged: 2 parameter values are NaN or infinite (first in ")
                .hasMessageEndingWith(".weight); no repaired model is kept");
    }

    /** A test approach named {@code name}, declaring {@code keys}, whose repair runs {@code body} in RepairRun. */
    private static RepairApproach scripted(String name, java.util.List<String> keys,
                                           java.util.function.BiConsumer<RepairContext, Network> body) {
        return new RepairApproach() {
            public String name() {
                return name;
            }

            public RepairLevel level() {
                return RepairLevel.MODEL;
            }

            public String paper() {
                return "-";
            }

            public String summary() {
                return "a scripted test approach";
            }

            public java.util.SortedSet<String> optionKeys() {
                return new java.util.TreeSet<>(keys);
            }

            public RepairResult repair(Network network, RepairContext context) {
                return RepairRun.of(this, network, context, (fixed, details) -> body.accept(context, fixed));
            }
        };
    }
}
