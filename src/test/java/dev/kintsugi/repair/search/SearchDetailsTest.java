package dev.kintsugi.repair.search;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The searches' bookkeeping: evaluation counts, argument checks, stop reasons, boundaries. */
class SearchDetailsTest {
    static final Objective SPHERE_PLUS_ONE = x -> {
        double s = 1;
        for (double v : x) {
            s += (v - 1.5) * (v - 1.5);
        }
        return s;
    };
    static final Function<SplittableRandom, double[]> UNIFORM = r -> new double[] {r.nextDouble() * 10 - 5,
            r.nextDouble() * 10 - 5};
    static final Bounds BOX = Bounds.uniform(2, -5, 5);

    @Test
    void countEvaluationsPerGeneration() {
        SearchResult de = new DifferentialEvolution(6, 0.5, 1, 0.7).minimise(SPHERE_PLUS_ONE, BOX, UNIFORM,
                StopRule.iterations(7, 0), 1);
        assertThat(de.iterations()).isEqualTo(7);
        assertThat(de.evaluations()).isEqualTo(6L * (1 + 7));
        assertThat(de.history()).hasSize(7);
        assertThat(java.util.Arrays.stream(de.history()).min().orElseThrow()).isGreaterThanOrEqualTo(1.0);
        SearchResult ga = new GeneticAlgorithm(8, 2, 3, 0.2, 0.1).minimise(SPHERE_PLUS_ONE, BOX, UNIFORM,
                StopRule.iterations(5, 0), 2);
        assertThat(ga.evaluations()).isEqualTo(8L + 6L * 5);
        assertThat(ga.history()).hasSize(5);
        assertThat(java.util.Arrays.stream(ga.history()).min().orElseThrow()).isGreaterThanOrEqualTo(1.0);
        for (int i = 1; i < ga.history().length; i++) {
            assertThat(ga.history()[i]).as("elitism").isLessThanOrEqualTo(ga.history()[i - 1]);
        }
        assertThat(ga.bestCost()).isEqualTo(ga.history()[4]);
    }

    @Test
    void rejectPopulationsTooSmallForTheirOperators() {
        assertThatThrownBy(() -> new DifferentialEvolution(3, 0.5, 1, 0.7)).isInstanceOf(IllegalArgumentException.class);
        new DifferentialEvolution(4, 0.5, 1, 0.7);
        assertThatThrownBy(() -> new GeneticAlgorithm(5, 5, 2, 0.1, 0.1)).isInstanceOf(IllegalArgumentException.class);
        new GeneticAlgorithm(5, 4, 2, 0.1, 0.1);
        assertThatThrownBy(() -> new Bounds(new double[] {1}, new double[] {0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bounds(new double[] {1, 2}, new double[] {3})).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Bounds(new double[] {2}, new double[] {2}).clip(0, 7)).isEqualTo(2);
    }

    @Test
    void trackerCountsImprovementsAboveTheToleranceOnly() {
        StopRule.Tracker t = StopRule.iterations(100, 2).withTolerance(0.5).withTarget(1).tracker(10);
        assertThat(t.after(9.6)).isNull();        // improved by 0.4 <= 0.5: stale 1
        assertThat(t.after(9.0)).isNull();        // improved by 0.6: fresh
        assertThat(t.after(8.5)).isNull();        // exactly 0.5: stale 1
        assertThat(t.after(8.4)).contains("no improvement for 2");
        StopRule.Tracker target = StopRule.iterations(100, 0).withTarget(1).tracker(10);
        assertThat(target.after(1.0)).isEqualTo("target reached");
        StopRule.Tracker last = StopRule.iterations(2, 0).tracker(10);
        assertThat(last.after(9)).isNull();
        assertThat(last.after(8)).isEqualTo("max iterations");
        assertThat(StopRule.iterations(5, 0).withDeadline(() -> true).tracker(1).after(1)).isEqualTo("time budget spent");
    }

    @Test
    void searchesSayWhyTheyStopped() {
        SearchResult target = new DifferentialEvolution(20, 0.5, 1, 0.7).minimise(SPHERE_PLUS_ONE, BOX, UNIFORM,
                StopRule.iterations(500, 0).withTarget(1.001), 3);
        assertThat(target.iterations()).isPositive();
        assertThat(target.stopReason()).isEqualTo("target reached");
        assertThat(target.bestCost()).isLessThanOrEqualTo(1.001);
        SearchResult deadline = new DifferentialEvolution(5, 0.5, 1, 0.7).minimise(SPHERE_PLUS_ONE, BOX, UNIFORM,
                StopRule.iterations(500, 0).withDeadline(() -> true), 3);
        assertThat(deadline.stopReason()).isEqualTo("time budget spent");
        SearchResult pso = ParticleSwarm.careDefaults().minimise(SPHERE_PLUS_ONE, BOX, r -> new double[] {1, 1},
                StopRule.iterations(500, 0).withDeadline(() -> true), 3);
        assertThat(pso.stopReason()).isEqualTo("time budget spent");
        assertThat(pso.iterations()).isEqualTo(1);
        SearchResult psoTarget = ParticleSwarm.careDefaults().minimise(SPHERE_PLUS_ONE, BOX, r -> new double[] {1.5, 1.5},
                StopRule.iterations(500, 0).withTarget(1.0), 3);
        assertThat(psoTarget.stopReason()).isEqualTo("target reached");
        assertThat(psoTarget.best()).containsExactly(1.5, 1.5);
        SearchResult max = ParticleSwarm.careDefaults().minimise(SPHERE_PLUS_ONE, BOX, r -> new double[] {1, 1},
                StopRule.iterations(3, 0), 3);
        assertThat(max.stopReason()).isEqualTo("max iterations");
        assertThat(max.history()).hasSize(3);
    }

    @Test
    void particleSwarmAcceptsStartsOnTheBoundsOnly() {
        Bounds box = Bounds.uniform(2, -1, 1);
        ParticleSwarm pso = new ParticleSwarm(3, 0.8, 0.41, 0.41);
        SearchResult onBounds = pso.minimise(SPHERE_PLUS_ONE, box, r -> new double[] {-1, 1}, StopRule.iterations(2, 0), 1);
        assertThat(onBounds.evaluations()).isEqualTo(6);
        assertThatThrownBy(() -> pso.minimise(SPHERE_PLUS_ONE, box, r -> new double[] {-1.01, 0}, StopRule.iterations(2, 0), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pso.minimise(SPHERE_PLUS_ONE, box, r -> new double[] {0, 1.01}, StopRule.iterations(2, 0), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void periodicBoundsAndFtolAtTheirEdges() {
        assertThat(ParticleSwarm.periodic(7, 1, 5)).isCloseTo(3, within(1e-12));
        assertThat(ParticleSwarm.periodic(-1, 1, 5)).isCloseTo(3, within(1e-12));
        assertThat(ParticleSwarm.periodic(1, 1, 5)).isEqualTo(1);
        assertThat(ParticleSwarm.periodic(5, 1, 5)).isEqualTo(5);
        assertThat(ParticleSwarm.ftolDelta(1.0, 0.0, 1.0)).isFalse();   // |Δ| equal to ftol·(1+|prev|) is not below it
        assertThat(ParticleSwarm.ftolDelta(0.5, 0.0, 1.0)).isTrue();
        assertThat(ParticleSwarm.ftolDelta(1.0, Double.POSITIVE_INFINITY, 1.0)).isFalse();
    }

    @Test
    void geneticAlgorithmsGaussianIsStandardNormal() {
        SplittableRandom r = new SplittableRandom(4);
        double sum = 0;
        double sq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double g = GeneticAlgorithm.gaussian(r);
            sum += g;
            sq += g * g;
        }
        assertThat(sum / n).isCloseTo(0, within(0.03));
        assertThat(sq / n).isCloseTo(1, within(0.05));
    }
}
