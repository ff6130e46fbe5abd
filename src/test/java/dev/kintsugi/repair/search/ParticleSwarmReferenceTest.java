package dev.kintsugi.repair.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.testing.ReferenceFixture;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@link ParticleSwarm} against pyswarms' operators and optimise loop, transcribed in tools/repair_reference.py. */
class ParticleSwarmReferenceTest {
    @Test
    void oneStepMatchesComputeVelocityAndPeriodicComputePosition() {
        JsonNode p = ReferenceFixture.get("care").get("pso");
        double[][] x = ReferenceFixture.matrix(p.get("x"));
        double[][] v = ReferenceFixture.matrix(p.get("v"));
        double[][] pBest = ReferenceFixture.matrix(p.get("pbest"));
        ParticleSwarm.step(x, v, pBest, ReferenceFixture.doubles(p.get("gbest")), ReferenceFixture.matrix(p.get("r1")),
                ReferenceFixture.matrix(p.get("r2")), 0.8, 0.41, 0.41, Bounds.uniform(3, -10, 10));
        double[][] newX = ReferenceFixture.matrix(p.get("newX"));
        double[][] newV = ReferenceFixture.matrix(p.get("newV"));
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).containsExactly(newX[i], within(1e-9));
            assertThat(v[i]).containsExactly(newV[i], within(1e-9));
        }
    }

    @Test
    void stopsWhereGlobalBestPsoOptimizeStopsOnRelativeFtol() {
        JsonNode c = ReferenceFixture.get("care");
        double[] costs = ReferenceFixture.doubles(c.get("ftolCosts"));
        int particles = 5;
        int[] calls = {0};
        SearchResult r = new ParticleSwarm(particles, 0.8, 0.41, 0.41).minimise(x -> costs[calls[0]++ / particles],
                Bounds.uniform(2, -10, 10), rnd -> new double[] {1, 1},
                StopRule.iterations(costs.length, 10).withTolerance(1e-3), 3);
        assertThat(r.iterations()).isEqualTo(c.get("ftolStopIteration").asInt());
        assertThat(r.bestCost()).isEqualTo(c.get("ftolBest").asDouble());
        assertThat(r.evaluations()).isEqualTo((long) particles * r.iterations());
    }

    @Test
    void periodicWrapsLikeNumpyMod() {
        assertThat(ParticleSwarm.periodic(12.5, -10, 10)).isCloseTo(-7.5, within(1e-12));
        assertThat(ParticleSwarm.periodic(-31, -10, 10)).isCloseTo(9, within(1e-12));
        assertThat(ParticleSwarm.periodic(3, -10, 10)).isEqualTo(3);
        assertThat(Arrays.stream(new double[] {ParticleSwarm.periodic(10, -10, 10)})).containsExactly(10.0);
    }
}
