package dev.kintsugi.repair.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.testing.ReferenceFixture;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConstrictionSwarmTest {
    /** Written by tools/neurecover_reference.py (the eAI-Repair-Toolkit Arachne's velocity and stop rule). */
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/repair/neurecover.json");

    @Test
    void velocityUpdateAndStopRuleMatchTheToolkitTranscription() throws IOException {
        JsonNode f = Json.mapper().readTree(FIXTURE.toFile());
        JsonNode v = f.get("velocity");
        double[] x = ReferenceFixture.doubles(v.get("x"));
        double[] vel = ReferenceFixture.doubles(v.get("v"));
        double[] vMin = new double[x.length];
        double[] vMax = new double[x.length];
        java.util.Arrays.fill(vMin, v.get("vMin").asDouble());
        java.util.Arrays.fill(vMax, v.get("vMax").asDouble());
        ConstrictionSwarm.velocity(x, vel, ReferenceFixture.doubles(v.get("p")), ReferenceFixture.doubles(v.get("g")),
                ConstrictionSwarm.constriction(4.1), v.get("rho1").asDouble(), v.get("rho2").asDouble(), vMin, vMax);
        assertThat(vel).containsExactly(ReferenceFixture.doubles(v.get("expected")), within(1e-12));
        int stops = 0;
        for (JsonNode s : f.get("stale")) {
            List<Double> costs = new ArrayList<>();
            s.get("history").forEach(h -> costs.add(-h.asDouble())); // fitness there, cost here
            boolean expected = s.get("expected").asBoolean();
            assertThat(ConstrictionSwarm.stale(costs, 10)).as(s.toString()).isEqualTo(expected);
            stops += expected ? 1 : 0;
        }
        assertThat(stops).as("the fixture has histories that stop and ones that go on").isBetween(1, 4);
    }

    @Test
    void constrictionIsClercKennedys() {
        assertThat(ConstrictionSwarm.constriction(4.1)).isCloseTo(0.729843788, within(1e-9));
    }

    @Test
    void findsTheMinimumOfABowlAndStopsWhenStale() {
        double[] centre = {0.5, -1.0, 2.0};
        Objective bowl = x -> {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += (x[i] - centre[i]) * (x[i] - centre[i]);
            }
            return s;
        };
        double[] vMin = {1e-4, 1e-4, 1e-4};
        double[] vMax = {1, 1, 1};
        SearchResult r = new ConstrictionSwarm(30, 4.1).minimise(bowl, vMin, vMax,
                random -> new double[] {random.nextDouble() * 4 - 2, random.nextDouble() * 4 - 2,
                        random.nextDouble() * 4 - 2}, StopRule.iterations(200, 10), 1);
        assertThat(r.bestCost()).isLessThan(0.01).isLessThan(r.history()[0] / 10);
        assertThat(r.evaluations()).isEqualTo(30L + 30L * r.iterations());
        for (int i = 1; i < r.history().length; i++) {
            assertThat(r.history()[i]).isLessThanOrEqualTo(r.history()[i - 1]);
        }
        SearchResult again = new ConstrictionSwarm(30, 4.1).minimise(bowl, vMin, vMax,
                random -> new double[] {random.nextDouble() * 4 - 2, random.nextDouble() * 4 - 2,
                        random.nextDouble() * 4 - 2}, StopRule.iterations(200, 10), 1);
        assertThat(again.best()).isEqualTo(r.best());
    }
}
