package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.cache.ActivationCache;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ArachneTest extends ApproachTestBase {
    @Test
    void changesOnlyTheLocalisedWeightsOfTheLastLayer() {
        RepairResult r = new Arachne().repair(original, context(1));
        try (Network fixed = r.fixed()) {
            int head = original.headIndex();
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (p.layer() == head && p.parameter().equals("weight")) {
                    assertThat(p.changed()).isPositive()
                            .isLessThanOrEqualTo(((Number) r.details().get("localisedWeights")).longValue());
                } else {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter()).isZero();
                }
            }
        }
    }

    @Test
    void searchesOnlyTheParetoFrontAndReportsItsFitness() {
        RepairContext c = context(4);
        RepairResult r = new Arachne().repair(original, c);
        try (Network fixed = r.fixed()) {
            int head = original.headIndex();
            float[] w = original.parameterValues(head, "weight");
            float[] b = original.parameterValues(head, "bias");
            ActivationCache neg = ActivationCache.of(original, c.negatives(), head);
            Dataset forLoc = c.positives().subset("loc",
                    Arachne.sampleForLocalisation(c.positives().labels(), neg.size(), c.seed()));
            Set<Integer> front = new HashSet<>();
            Arrays.stream(Arachne.localise(neg, ActivationCache.of(original, forLoc, head), w, b, 0)).forEach(front::add);
            assertThat(front).hasSize(((Number) r.details().get("localisedWeights")).intValue());
            float[] after = fixed.parameterValues(head, "weight");
            for (int i = 0; i < w.length; i++) {
                if (after[i] != w[i]) {
                    assertThat(front).as("changed weight %d is localised", i).contains(i);
                }
            }
            ActivationCache pos = ActivationCache.of(original, c.positives(), head);
            double fitness = Arachne.fitness(pos.evaluateLinear(after, b, null), neg.evaluateLinear(after, b, null), 10);
            assertThat((Double) r.details().get("bestFitness")).isCloseTo(fitness, org.assertj.core.api.Assertions.within(1e-3));
            double[] byGeneration = (double[]) r.details().get("fitnessByGeneration");
            assertThat(byGeneration).as("fitness by generation, maximised").isNotEmpty().isSorted();
            assertThat(byGeneration[byGeneration.length - 1]).isCloseTo(fitness, org.assertj.core.api.Assertions.within(1e-3));
        }
    }
}
