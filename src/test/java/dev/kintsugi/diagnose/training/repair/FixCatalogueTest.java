package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FixCatalogueTest {
    @Test
    void oscillatingLossGetsAutoTrainersSixFixesInOrder() {
        assertThat(FixCatalogue.fixesFor("oscillating-loss")).extracting(TrainingFix::name).containsExactly(
                "optimizer adam", "lr ×0.1", "reduce on plateau", "batch size ×2", "momentum 0.9", "input noise 0.1");
    }

    @Test
    void plateauAndInputNoiseChangeTheConfigurationAndApplyOnlyOnce() {
        ArchitectureSpec spec = TestData.spec("mlp", Map.of("hidden", "8"), TestData.blobs("t", 30, 4, 2, 1));
        TrainingSetup setup = new TrainingSetup(spec, TrainingConfig.defaults());
        List<TrainingFix> fixes = FixCatalogue.fixesFor("oscillating-loss");
        TrainingSetup plateau = fixes.get(2).apply(setup, null).orElseThrow();
        assertThat(plateau.config().schedule()).isEqualTo("plateau");
        assertThat(fixes.get(2).apply(plateau, null)).isEmpty();
        TrainingSetup noisy = fixes.get(5).apply(setup, null).orElseThrow();
        assertThat(noisy.config().inputNoise()).isEqualTo(0.1);
        assertThat(fixes.get(5).fromStart()).isFalse();
    }
}
