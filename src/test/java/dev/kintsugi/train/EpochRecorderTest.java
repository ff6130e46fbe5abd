package dev.kintsugi.train;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.EpochHistory;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.util.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochRecorderTest {
    @Test
    void keepsTheEpochBeforeTheLastAndRoundTripsThroughTheModelDirectory(@TempDir Path dir) {
        List<byte[]> ends = new ArrayList<>();
        EpochRecorder recorder = new EpochRecorder();
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "8"), PlantedFailure.SPLITS.train()), 2);
             Network other = Network.create(TestData.spec("mlp", Map.of("hidden", "8"), PlantedFailure.SPLITS.train()), 9)) {
            new Trainer(TrainingConfig.defaults().withEpochs(3).withBatchSize(64).withSeed(2)).addListener(recorder)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochEvent e) {
                            ends.add(e.network().snapshot());
                        }
                    }).fit(net, PlantedFailure.SPLITS.train(), PlantedFailure.SPLITS.valid());
            EpochHistory history = recorder.historyOf(net);
            assertThat(history.previousEpoch()).isEqualTo(2);
            assertThat(history.lastEpoch()).isEqualTo(3);
            assertThat(history.previousParameters()).isEqualTo(ends.get(1)).isNotEqualTo(ends.get(2));

            Path model = dir.resolve("model");
            ModelStore.save(net, Provenance.of("model", "test"), model, false);
            assertThat(EpochHistory.read(model)).isEmpty();
            history.write(model);
            EpochHistory read = EpochHistory.read(model).orElseThrow();
            assertThat(read.previousEpoch()).isEqualTo(2);
            try (Network previous = read.previousNetwork(net.spec())) {
                assertThat(previous.snapshot()).isEqualTo(ends.get(1));
            }
            assertThatThrownBy(() -> recorder.historyOf(other)).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("not those at the end of any recorded epoch");
        }
    }

    @Test
    void aOneEpochRunKeepsItsInitialisation() {
        EpochRecorder recorder = new EpochRecorder();
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "8"), PlantedFailure.SPLITS.train()), 4)) {
            byte[] init = net.snapshot();
            new Trainer(TrainingConfig.defaults().withEpochs(1).withSeed(4)).addListener(recorder)
                    .fit(net, PlantedFailure.SPLITS.train(), null);
            EpochHistory h = recorder.historyOf(net);
            assertThat(h.previousEpoch()).isZero();
            assertThat(h.previousParameters()).isEqualTo(init);
        }
    }
}
