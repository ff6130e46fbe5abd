package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectiveTest {
    @Test
    void parsesAGoalAndLimits() {
        Objective o = Objective.parse("max RR, NFR <= 0.5, time<=600, acc >= 80");
        assertThat(o.goal()).isEqualTo(Metric.RR);
        assertThat(o.maximise()).isTrue();
        assertThat(o.limits()).containsExactly(new Objective.Limit(Metric.NFR, true, 0.5),
                new Objective.Limit(Metric.TIME, true, 600), new Objective.Limit(Metric.ACC, false, 80));
        Map<Metric, Double> good = Map.of(Metric.RR, 30.0, Metric.NFR, 0.5, Metric.TIME, 10.0, Metric.ACC, 90.0);
        assertThat(o.feasible(good::get)).isTrue();
        Map<Metric, Double> bad = Map.of(Metric.RR, 30.0, Metric.NFR, 0.51, Metric.TIME, 10.0, Metric.ACC, 90.0);
        assertThat(o.feasible(bad::get)).isFalse();
        assertThat(Objective.parse("min nfr").score(2)).isGreaterThan(Objective.parse("min nfr").score(3));
    }

    @Test
    void refusesWhatIsNotAnObjective() {
        assertThatThrownBy(() -> Objective.parse("max NFR")).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("not a goal");
        assertThatThrownBy(() -> Objective.parse("NFR <= 1")).hasMessageContaining("needs a goal");
        assertThatThrownBy(() -> Objective.parse("max RR, min NFR")).hasMessageContaining("two goals");
        assertThatThrownBy(() -> Objective.parse("max RR, NFR < 1")).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> Objective.parse("max speed")).hasMessageContaining("unknown metric");
    }
}
