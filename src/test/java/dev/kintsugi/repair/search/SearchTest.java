package dev.kintsugi.repair.search;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTest {
    static final Objective SHIFTED_SPHERE = x -> {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - 1.5) * (x[i] - 1.5);
        }
        return s;
    };
    static final Bounds BOX = Bounds.uniform(5, -5, 5);
    static final Function<SplittableRandom, double[]> UNIFORM = r -> {
        double[] x = new double[5];
        for (int i = 0; i < 5; i++) {
            x[i] = r.nextDouble() * 10 - 5;
        }
        return x;
    };

    @Test
    void differentialEvolutionFindsTheMinimum() {
        SearchResult r = new DifferentialEvolution(30, 0.5, 1.0, 0.7).minimise(SHIFTED_SPHERE, BOX, UNIFORM,
                StopRule.iterations(200, 0), 1);
        assertThat(r.bestCost()).isLessThan(1e-4);
        for (double v : r.best()) {
            assertThat(v).isBetween(1.49, 1.51);
        }
        for (int i = 1; i < r.history().length; i++) {
            assertThat(r.history()[i]).isLessThanOrEqualTo(r.history()[i - 1]);
        }
    }

    @Test
    void particleSwarmFindsTheMinimum() {
        SearchResult r = new ParticleSwarm(30, 0.7, 1.5, 1.5).minimise(SHIFTED_SPHERE, BOX, UNIFORM,
                StopRule.iterations(300, 0), 2);
        assertThat(r.bestCost()).isLessThan(1e-3);
    }

    @Test
    void geneticAlgorithmFindsTheMinimum() {
        SearchResult r = new GeneticAlgorithm(40, 2, 3, 0.3, 0.05).minimise(SHIFTED_SPHERE, BOX, UNIFORM,
                StopRule.iterations(300, 0), 3);
        assertThat(r.bestCost()).isLessThan(0.05);
    }

    @Test
    void searchesAreDeterministicUnderASeedAndStayInBounds() {
        Bounds narrow = Bounds.uniform(5, -1, 1);
        for (int run = 0; run < 2; run++) {
            SearchResult a = DifferentialEvolution.arachneDefaults().minimise(SHIFTED_SPHERE, narrow, UNIFORM,
                    StopRule.iterations(5, 0), 9);
            SearchResult b = DifferentialEvolution.arachneDefaults().minimise(SHIFTED_SPHERE, narrow, UNIFORM,
                    StopRule.iterations(5, 0), 9);
            assertThat(a.best()).containsExactly(b.best());
            for (double v : a.best()) {
                assertThat(v).isBetween(-1.0, 1.0);
            }
        }
        Function<SplittableRandom, double[]> inside = r -> {
            double[] x = new double[5];
            for (int i = 0; i < 5; i++) {
                x[i] = r.nextDouble() * 2 - 1;
            }
            return x;
        };
        SearchResult p1 = ParticleSwarm.careDefaults().minimise(SHIFTED_SPHERE, narrow, inside, StopRule.iterations(5, 0), 4);
        SearchResult p2 = ParticleSwarm.careDefaults().minimise(SHIFTED_SPHERE, narrow, inside, StopRule.iterations(5, 0), 4);
        assertThat(p1.best()).containsExactly(p2.best());
        for (double v : p1.best()) {
            assertThat(v).isBetween(-1.0, 1.0);
        }
    }

    @Test
    void stopRulesEndRunsEarly() {
        SearchResult stale = new DifferentialEvolution(10, 0.5, 1, 0.7).minimise(x -> 1.0, BOX, UNIFORM,
                StopRule.iterations(1000, 10), 5);
        assertThat(stale.iterations()).isEqualTo(10);
        assertThat(stale.stopReason()).contains("no improvement");
        // pyswarms: the first iteration's change is from infinity, so 10 flat iterations end it at the 12th
        SearchResult ftol = new ParticleSwarm(10, 0.5, 0.5, 0.5).minimise(x -> 1.0, BOX, UNIFORM,
                StopRule.iterations(1000, 10).withTolerance(1e-3), 5);
        assertThat(ftol.iterations()).isEqualTo(12);
        assertThat(ftol.stopReason()).contains("ftol");
        SearchResult target = new DifferentialEvolution(10, 0.5, 1, 0.7).minimise(SHIFTED_SPHERE, BOX, UNIFORM,
                StopRule.iterations(1000, 0).withTarget(1.0), 6);
        assertThat(target.bestCost()).isLessThanOrEqualTo(1.0);
        assertThat(target.stopReason()).isEqualTo("target reached");
        SearchResult deadline = new GeneticAlgorithm(10, 1, 2, 0.2, 0.1).minimise(SHIFTED_SPHERE, BOX, UNIFORM,
                StopRule.iterations(1000, 0).withDeadline(() -> true), 7);
        assertThat(deadline.iterations()).isEqualTo(1);
    }
}
