package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RandomDebuggingTest {
    @Test
    void drawsAsManyImagesPerClassWithContextsFromTheTrainingDistribution() {
        Dataset train = FailureFakes.data("train", 4000, 3, 0.9);
        AttributeContextProposer dist = AttributeContextProposer.of(train, "background");
        List<DebugTrain.Request> ours = List.of(new DebugTrain.Request(0, "class0", "blue", 1500),
                new DebugTrain.Request(0, "class0", "green", 500), new DebugTrain.Request(2, "class2", "red", 40));
        List<DebugTrain.Request> random = RandomDebugging.requests(ours, dist, 11);
        Map<Integer, Integer> perClass = random.stream().collect(Collectors.groupingBy(DebugTrain.Request::classIndex,
                Collectors.summingInt(DebugTrain.Request::count)));
        assertThat(perClass).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2000, 2, 40));
        int onCommon = random.stream().filter(r -> r.classIndex() == 0 && r.context().equals("red"))
                .mapToInt(DebugTrain.Request::count).sum();
        double expected = dist.distribution("class0").share("red");
        assertThat(onCommon / 2000.0).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.03));
        assertThat(expected).isGreaterThan(0.85);
        assertThat(RandomDebugging.requests(ours, dist, 11)).isEqualTo(random);
    }

    @Test
    void drawsOnlyContextsTheClassHas() {
        Dataset train = FailureFakes.data("train", 4000, 3, 1.0);
        AttributeContextProposer dist = AttributeContextProposer.of(train, "background");
        List<DebugTrain.Request> random = RandomDebugging.requests(List.of(new DebugTrain.Request(1, "class1", "red",
                300)), dist, 5);
        assertThat(random).containsExactly(new DebugTrain.Request(1, "class1", "green", 300));
    }

    @Test
    void theFairBaselineDrawsEveryContextEquallyWhateverTheClassUsuallyHas() {
        // class1 sits on green in every training image: the class-context baseline can only repeat that bias
        Dataset train = FailureFakes.data("train", 4000, 3, 1.0);
        AttributeContextProposer dist = AttributeContextProposer.of(train, "background");
        List<DebugTrain.Request> ours = List.of(new DebugTrain.Request(1, "class1", "red", 3000),
                new DebugTrain.Request(2, "class2", "blue", 30));
        List<DebugTrain.Request> fair = RandomDebugging.uniform(ours, dist.vocabulary(), 7);
        Map<Integer, Integer> perClass = fair.stream().collect(Collectors.groupingBy(DebugTrain.Request::classIndex,
                Collectors.summingInt(DebugTrain.Request::count)));
        assertThat(perClass).containsExactlyInAnyOrderEntriesOf(Map.of(1, 3000, 2, 30));
        Map<String, Integer> class1 = fair.stream().filter(r -> r.classIndex() == 1).collect(Collectors.groupingBy(
                DebugTrain.Request::context, Collectors.summingInt(DebugTrain.Request::count)));
        assertThat(class1.keySet()).containsExactlyInAnyOrderElementsOf(dist.vocabulary());
        double share = 1.0 / dist.vocabulary().size();
        class1.values().forEach(n -> assertThat(n / 3000.0).isCloseTo(share, org.assertj.core.data.Offset.offset(0.04)));
        assertThat(RandomDebugging.uniform(ours, dist.vocabulary(), 7)).isEqualTo(fair);
        assertThatThrownBy(() -> RandomDebugging.uniform(ours, List.of(), 7)).isInstanceOf(KintsugiException.class);
    }

    @Test
    void needsTheContextAttribute() {
        assertThatThrownBy(() -> AttributeContextProposer.of(TestData.blobs("b", 10, 2, 2, 0), "background"))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("no attribute 'background'");
    }
}
