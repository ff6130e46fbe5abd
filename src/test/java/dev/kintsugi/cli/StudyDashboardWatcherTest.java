package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.dashboard.Dashboard;
import dev.kintsugi.study.grid.Cell;
import dev.kintsugi.study.grid.CellResult;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A study's grid on the dashboard: resumed cells arrive done, the rest queued, then running, then with figures. */
class StudyDashboardWatcherTest {
    private static final Cell A = new Cell("german-credit/mlp", "finetune", 0);
    private static final Cell B = new Cell("german-credit/mlp", "care", 0);
    private static final Cell C = new Cell("fashion-mnist/lenet5-study", "care", 0);

    private static CellResult ok(Cell c, double rr) {
        return new CellResult(c.benchmark(), c.approach(), c.seed(), CellResult.OK, null, 0.7, 0.72, 0.02, rr, 1.5,
                null, null, null, 0.1, 0.08, -0.02, 10L, 1.0, 2.0, 1L << 20, 3.0);
    }

    @Test
    void showsEachCellsLatestStateWithItsFiguresAndCountsOnlyThisRunsCellsForTheEta() throws Exception {
        try (Dashboard d = Dashboard.start(0, "study", "t", null)) {
            StudyDashboardWatcher w = new StudyDashboardWatcher(d);
            w.planned(List.of(A, B, C), List.of(ok(A, 12.5)));
            w.started(B);
            Map<String, JsonNode> mid = cells(d);
            assertThat(mid.get(StudyDashboardWatcher.id(A)).get("state").asText()).isEqualTo(Dashboard.DONE);
            assertThat(mid.get(StudyDashboardWatcher.id(A)).at("/values/RR %").asDouble()).isEqualTo(12.5);
            assertThat(mid.get(StudyDashboardWatcher.id(B)).get("state").asText()).isEqualTo(Dashboard.RUNNING);
            assertThat(mid.get(StudyDashboardWatcher.id(C)).get("state").asText()).isEqualTo(Dashboard.QUEUED);

            w.finished(ok(B, 30.0), 2, 3);
            w.finished(CellResult.unfinished(C, CellResult.TIME_OUT, "stopped at the hard limit of 660 s", 661), 3, 3);
            Map<String, JsonNode> end = cells(d);
            assertThat(end.get(StudyDashboardWatcher.id(B)).at("/values/RR %").asDouble()).isEqualTo(30.0);
            assertThat(end.get(StudyDashboardWatcher.id(C)).get("state").asText()).isEqualTo(Dashboard.FAILED);
            assertThat(end.get(StudyDashboardWatcher.id(C)).at("/values/status").asText()).isEqualTo("time-out");
            assertThat(end.get(StudyDashboardWatcher.id(C)).at("/values/note").asText()).contains("hard limit");
            JsonNode progress = last(d, "progress");
            assertThat(progress.get("done").asLong()).isEqualTo(2);
            assertThat(progress.get("total").asLong()).isEqualTo(2);
        }
        // ids are unique across benchmarks although the cells' file names are not
        assertThat(StudyDashboardWatcher.id(B)).isNotEqualTo(StudyDashboardWatcher.id(C)).matches("[A-Za-z0-9_-]+");
    }

    private static List<JsonNode> events(Dashboard d, String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : Json.mapper().readTree(d.stateJson())) {
            if (e.get("type").asText().equals(type)) {
                out.add(e.get("data"));
            }
        }
        return out;
    }

    private static Map<String, JsonNode> cells(Dashboard d) throws Exception {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode c : events(d, "cell")) {
            latest.put(c.get("id").asText(), c);
        }
        return latest;
    }

    private static JsonNode last(Dashboard d, String type) throws Exception {
        List<JsonNode> e = events(d, type);
        return e.get(e.size() - 1);
    }
}
