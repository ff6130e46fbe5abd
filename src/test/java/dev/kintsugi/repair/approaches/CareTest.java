package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CareTest extends ApproachTestBase {
    @Test
    void changesOnlyTheOutgoingWeightsOfTheSelectedNeurons() {
        RepairResult r = new Care().repair(original, context(2));
        try (Network fixed = r.fixed()) {
            int[] neurons = (int[]) r.details().get("neurons");
            assertThat(neurons).hasSize(5);
            double[] effects = dev.kintsugi.repair.localize.NeuronEffects.averageCausalEffectRange(original,
                    context(2).negatives(), original.headIndex(), 4);
            assertThat(neurons).as("the top 5 by causal effect")
                    .containsExactly(dev.kintsugi.repair.localize.ParetoFront.top(effects, 5));
            int head = original.headIndex();
            float[] before = original.parameterValues(head, "weight");
            float[] after = fixed.parameterValues(head, "weight");
            int width = original.layers().get(head).parameters().get(0).shape().length > 1
                    ? (int) original.layers().get(head).parameters().get(0).shape()[1] : 1;
            for (int i = 0; i < before.length; i++) {
                int neuron = i % width;
                boolean selected = java.util.Arrays.stream(neurons).anyMatch(n -> n == neuron);
                if (!selected) {
                    assertThat(after[i]).as("weight %d of unselected neuron %d", i, neuron).isEqualTo(before[i]);
                }
            }
            double[] factors = (double[]) r.details().get("factors");
            for (int n = 0; n < neurons.length; n++) {
                for (int c = 0; c < before.length / width; c++) {
                    int i = c * width + neurons[n];
                    assertThat(after[i]).as("weight %d scaled by neuron %d's factor", i, neurons[n])
                            .isEqualTo(before[i] * (float) factors[n]);
                }
            }
            dev.kintsugi.repair.cache.ActivationCache neg = dev.kintsugi.repair.cache.ActivationCache.of(original,
                    context(2).negatives(), head);
            dev.kintsugi.repair.cache.ActivationCache pos = dev.kintsugi.repair.cache.ActivationCache.of(original,
                    context(2).positives(), head);
            float[] bias = original.parameterValues(head, "bias");
            double cost = Care.cost(neg, pos, before, bias, neurons, factors, 0.1);
            assertThat((Double) r.details().get("cost")).isCloseTo(cost, org.assertj.core.api.Assertions.within(1e-9));
            double[] unchanged = new double[neurons.length];
            java.util.Arrays.fill(unchanged, 1);
            assertThat(cost).as("the searched factors beat the unchanged model")
                    .isLessThan(Care.cost(neg, pos, before, bias, neurons, unchanged, 0.1));
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (!(p.layer() == head && p.parameter().equals("weight"))) {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter()).isZero();
                }
            }
        }
    }
}
