package dev.kintsugi.repair.approaches;

import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HuddTest extends ApproachTestBase {
    @Test
    void clustersTheFailuresSelectsInputsAndRepairsThem() {
        RepairContext c = context(7);
        RepairResult result = new Hudd().repair(original, c);
        try (Network fixed = result.fixed()) {
            Map<String, Object> d = result.details();
            int k = (Integer) d.get("k");
            assertThat(d.get("layer")).isEqualTo(original.layers().get(3).name());
            assertThat(k).isBetween(1, 20);
            assertThat((int[]) d.get("clusterSizes")).hasSize(k);
            assertThat(java.util.Arrays.stream((int[]) d.get("clusterSizes")).sum())
                    .isEqualTo(c.negatives().size());
            @SuppressWarnings("unchecked")
            List<int[]> examples = (List<int[]>) d.get("clusterExamples");
            assertThat(examples).hasSize(k).allSatisfy(e -> assertThat(e).isNotEmpty());
            assertThat(examples.stream().flatMapToInt(java.util.Arrays::stream))
                    .allSatisfy(i -> assertThat(i).isBetween(0, c.negatives().size() - 1));
            assertThat((Integer) d.get("selected")).isGreaterThanOrEqualTo(c.negatives().size());
            assertThat(correct(fixed, c)).isGreaterThan(correct(original, c));
            // retraining data = the balanced unsafe set plus the replay of training inputs
            int replay = Math.min(10000, c.train().size());
            assertThat((Integer) d.get("trainingSamples")).isEqualTo((Integer) d.get("balancedSelection") + replay);
            assertThat((Integer) d.get("balancedSelection")).isPositive();
        }
    }

    @Test
    void clustersOnTheInputsOfTheWeightedLayersAfterTheFirst() {
        List<String> weighted = original.layers().stream()
                .filter(l -> l.parameters().stream().anyMatch(p -> p.name().equals("weight")))
                .map(l -> l.name()).toList();
        assertThat(weighted).as("the planted-failure MLP has two linear layers").hasSize(2);
        int[] candidates = Hudd.candidateLayers(original);
        assertThat(candidates).hasSize(1);
        assertThat(original.layers().get(candidates[0]).name()).isEqualTo(weighted.get(1));
    }

    @Test
    void balancesClustersByBootstrapDeterministically() {
        List<List<Integer>> assigned = List.of(List.of(1, 2, 3, 4), List.of(9), List.of());
        int[] a = Hudd.balance(assigned, 5);
        assertThat(a).hasSize(8);
        assertThat(java.util.Arrays.copyOfRange(a, 4, 8)).containsOnly(9);
        assertThat(java.util.Arrays.stream(a, 0, 4).allMatch(i -> i >= 1 && i <= 4)).isTrue();
        assertThat(Hudd.balance(assigned, 5)).isEqualTo(a);
    }

    private static int correct(Network model, RepairContext c) {
        Predictions p = Predictor.predict(model, c.negatives());
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            n += p.correct(i) ? 1 : 0;
        }
        return n;
    }
}
