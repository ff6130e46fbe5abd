package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.BatchEvent;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingListener;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StabilityStudyTest {
    static final Splits SPLITS = new Splits("blobs", TestData.blobs("train", 300, 6, 3, 1),
            TestData.blobs("valid", 90, 6, 3, 2), TestData.blobs("repair", 30, 6, 3, 3),
            TestData.blobs("test", 150, 6, 3, 4));
    static final ArchitectureSpec SPEC = TestData.spec("mlp", Map.of("hidden", "16"), SPLITS.train());
    static final TrainingConfig CONFIG = TrainingConfig.defaults().withEpochs(2).withBatchSize(32)
            .withLearningRate(0.01).withSeed(7);

    static StudyDesign design(Vary vary, TrainingConfig config) {
        return new StudyDesign(SPEC.architecture(), SPEC.options(), false, "blobs", 0, SPLITS.train().checksum(),
                SPLITS.valid().checksum(), SPLITS.test().checksum(), config, vary, 1);
    }

    static StabilityStudy study(Vary vary) {
        return new StabilityStudy(design(vary, CONFIG), SPEC, SPLITS, CollapseRule.defaults());
    }

    @Test
    void aStudyMeasuresSpreadChurnAndAgreementOverItsRuns(@TempDir Path tmp) {
        Path out = tmp.resolve("study");
        StabilityResult r = study(Vary.INIT).run(3, StudyDirectory.open(out, design(Vary.INIT, CONFIG)), null);
        assertThat(r.runs()).hasSize(3);
        assertThat(r.runs()).extracting(run -> run.seeds().init()).containsExactly(7L, 8L, 9L);
        assertThat(r.runs()).allSatisfy(run -> assertThat(run.epochs()).hasSize(2));
        assertThat(r.runs()).allSatisfy(run -> assertThat(run.lossCurve()).hasSize(2 * LossCurve.POINTS_PER_EPOCH));
        assertThat(r.accuracy().mean()).isGreaterThan(0.8);
        assertThat(r.accuracy().min()).isLessThanOrEqualTo(r.accuracy().max());
        assertThat(r.agreement().correctCountHistogram()).hasSize(4);
        assertThat(java.util.Arrays.stream(r.agreement().correctCountHistogram()).sum()).isEqualTo(150);
        assertThat(r.testSize()).isEqualTo(150);
        assertThat(out.resolve("runs")).isDirectoryContaining(p -> p.getFileName().toString().equals("run-002.json"));
    }

    @Test
    void aRestartSkipsFinishedRunsAndRedoesOnlyTheMissingOne(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("study");
        StudyDesign design = design(Vary.ORDER, CONFIG);
        StabilityResult first = study(Vary.ORDER).run(3, StudyDirectory.open(out, design), null);
        StudyDirectory dir = StudyDirectory.open(out, design);
        byte[] run0 = Files.readAllBytes(dir.runFile(0));
        byte[] run1 = Files.readAllBytes(dir.runFile(1));
        // A kill during run 1: its file never appeared, only a temporary sibling was left behind.
        Files.delete(dir.runFile(1));
        Files.writeString(dir.runFile(1).resolveSibling(".run-001.json12345.tmp"), "{\"partial");
        Files.setLastModifiedTime(dir.runFile(0), java.nio.file.attribute.FileTime.fromMillis(0));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StabilityResult second = study(Vary.ORDER).run(3, StudyDirectory.open(out, design),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("run 2/3:").doesNotContain("run 1/3:").doesNotContain("run 3/3:")
                .contains("run 1/3 already finished").contains("run 3/3 already finished")
                .contains("resumed: 2 of 3 runs");
        assertThat(Files.getLastModifiedTime(dir.runFile(0)).toMillis()).isZero();
        assertThat(Files.readAllBytes(dir.runFile(0))).isEqualTo(run0);
        // The redone run is the same run: same seeds, same predictions (training is deterministic).
        RunRecord redone = Json.read(dir.runFile(1), RunRecord.class);
        RunRecord original = Json.mapper().readValue(run1, RunRecord.class);
        assertThat(redone.seeds()).isEqualTo(original.seeds());
        assertThat(redone.testPredictions()).containsExactly(original.testPredictions());
        assertThat(second.accuracy()).isEqualTo(first.accuracy());
        assertThat(second.runs()).extracting(StabilityResult.Run::resumed).containsExactly(true, false, true);
    }

    @Test
    void aRestartWithOtherArgumentsIsRefusedWithOneLine(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("study");
        StudyDirectory.open(out, design(Vary.INIT, CONFIG));
        assertThatThrownBy(() -> StudyDirectory.open(out, design(Vary.INIT, CONFIG.withEpochs(3))))
                .isInstanceOf(KintsugiException.class)
                .hasMessageContaining("training.epochs: recorded 2, now 3").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> StudyDirectory.open(out, design(Vary.ORDER, CONFIG)))
                .hasMessageContaining("vary: recorded \"INIT\", now \"ORDER\"");
        // The same arguments reopen it; an unrelated folder is refused.
        StudyDirectory.open(out, design(Vary.INIT, CONFIG));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> StudyDirectory.open(other, design(Vary.INIT, CONFIG)))
                .hasMessageContaining("not a stability study folder");
    }

    @Test
    void tooFewRunsAreRefused(@TempDir Path tmp) {
        assertThatThrownBy(() -> study(Vary.INIT).run(1, StudyDirectory.open(tmp.resolve("s"),
                design(Vary.INIT, CONFIG)), null)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("--seeds must be at least 2");
    }

    /** What a run starts from and sees first: initial weights, first batch's labels and inputs. */
    record Start(float[] weights, int[] firstLabels, float[] firstInputs) {
    }

    static Start start(RunSeeds seeds) {
        try (Network net = seeds.newNetwork(SPEC)) {
            float[] initial = net.flatParameters();
            int[][] labels = new int[1][];
            float[][] inputs = new float[1][];
            Trainer trainer = seeds.trainer(CONFIG.withEpochs(1)).addListener(new TrainingListener() {
                @Override
                public void onBatchEnd(BatchEvent e) {
                    if (e.step() == 0) {
                        labels[0] = e.labels().toIntArray();
                        inputs[0] = e.inputs().toFloatArray();
                    }
                }
            });
            trainer.fit(net, SPLITS.train(), null);
            return new Start(initial, labels[0], inputs[0]);
        }
    }

    @Test
    void eachChoiceVariesOnlyItsOwnSourceOfRandomness() {
        Start init0 = start(RunSeeds.of(Vary.INIT, 7, 0));
        Start init1 = start(RunSeeds.of(Vary.INIT, 7, 1));
        assertThat(init1.weights()).isNotEqualTo(init0.weights());
        assertThat(init1.firstLabels()).containsExactly(init0.firstLabels());
        assertThat(init1.firstInputs()).containsExactly(init0.firstInputs());

        Start order1 = start(RunSeeds.of(Vary.ORDER, 7, 1));
        assertThat(order1.weights()).containsExactly(init0.weights());
        assertThat(order1.firstLabels()).isNotEqualTo(init0.firstLabels());

        Start aug0 = start(RunSeeds.of(Vary.AUGMENTATION, 7, 0));
        Start aug1 = start(RunSeeds.of(Vary.AUGMENTATION, 7, 1));
        assertThat(aug1.weights()).containsExactly(init0.weights());
        assertThat(aug1.firstLabels()).containsExactly(init0.firstLabels());
        assertThat(aug0.firstInputs()).isNotEqualTo(init0.firstInputs());
        assertThat(aug1.firstInputs()).isNotEqualTo(aug0.firstInputs());
        // Tabular augmentation is small noise: the inputs move, but by about sigma = 0.05.
        double maxMove = 0;
        for (int i = 0; i < aug1.firstInputs().length; i++) {
            maxMove = Math.max(maxMove, Math.abs(aug1.firstInputs()[i] - init0.firstInputs()[i]));
        }
        assertThat(maxMove).isBetween(0.01, 0.4);
    }

    @Test
    void runZeroIsExactlyAPlainTrainingRunWithTheBaseSeed() {
        int[] plain;
        try (Network net = Network.create(SPEC, CONFIG.seed())) {
            new Trainer(CONFIG).fit(net, SPLITS.train(), SPLITS.valid());
            plain = dev.kintsugi.evaluate.Predictor.predict(net, SPLITS.test()).predictedClasses();
        }
        for (Vary vary : new Vary[] {Vary.INIT, Vary.ORDER}) {
            RunRecord run0 = study(vary).train(RunSeeds.of(vary, CONFIG.seed(), 0), null);
            assertThat(run0.testPredictions()).as(vary.label()).containsExactly(plain);
        }
        RunRecord run1 = study(Vary.INIT).train(RunSeeds.of(Vary.INIT, CONFIG.seed(), 1), null);
        assertThat(run1.testPredictions()).isNotEqualTo(plain);
    }
}
