package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailureModesTest {
    /** Failures of class0 with backgrounds b, and of class1 with backgrounds c. */
    private static Dataset failures(List<String> b, List<String> c) {
        int n = b.size() + c.size();
        int[] labels = new int[n];
        String[] bg = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < b.size() ? 0 : 1;
            bg[i] = i < b.size() ? b.get(i) : c.get(i - b.size());
        }
        return new Dataset("f", new int[] {1}, new float[n], labels, TestData.classNames(2), Map.of("background", bg));
    }

    private static ContextProposer proposer(Map<String, List<String>> byClass) {
        return new ContextProposer() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public List<String> uncommonContexts(String className) {
                return byClass.getOrDefault(className, List.of());
            }
        };
    }

    @Test
    void ranksTheKMostFrequentContextsPerClassWithTiesInProposalOrder() {
        Dataset f = failures(List.of("snow", "sand", "snow", "night", "snow", "sand", "night", "wood"),
                List.of("sky"));
        DescribedFailures d = DescribedFailures.describe(f, FailureFakes.oracleDescriber(),
                proposer(Map.of("class0", List.of("wood", "night", "sand", "snow"), "class1", List.of("sky", "snow"))));
        List<FailureMode> top2 = d.modes(2);
        assertThat(top2).containsExactly(new FailureMode(0, "class0", "snow", 3),
                new FailureMode(0, "class0", "night", 2), new FailureMode(1, "class1", "sky", 1));
        assertThat(top2.get(0).inWords()).isEqualTo("class0 on snow: 3 failures");
        assertThat(top2.get(2).inWords()).isEqualTo("class1 on sky: 1 failure");
        assertThat(d.modes(10)).hasSize(5);
        assertThat(d.accuracyAgainst("background").accuracy()).isEqualTo(1.0);
    }

    @Test
    void pooledModesRankContextsOverEveryModelsFailuresWithTheMeanCount() {
        ContextProposer p = proposer(Map.of("class0", List.of("wood", "night", "sand", "snow"), "class1",
                List.of("sky", "snow")));
        // model a fails mostly on snow, model b mostly on sand; together sand is the more frequent
        DescribedFailures a = DescribedFailures.describe(failures(List.of("snow", "snow", "sand", "night"),
                List.of("sky")), FailureFakes.oracleDescriber(), p);
        DescribedFailures b = DescribedFailures.describe(failures(List.of("sand", "sand", "sand", "wood"),
                List.of()), FailureFakes.oracleDescriber(), p);
        assertThat(a.modes(1)).first().extracting(FailureMode::context).isEqualTo("snow");
        assertThat(DescribedFailures.pooledModes(List.of(a, b), 2)).containsExactly(
                new FailureMode(0, "class0", "sand", 2), // 4 failures over 2 models
                new FailureMode(0, "class0", "snow", 1),
                new FailureMode(1, "class1", "sky", 1)); // 1 over 2, rounded up
        assertThat(DescribedFailures.pooledModes(List.of(a), 3)).isEqualTo(a.modes(3));
    }

    @Test
    void aClassWithoutProposalsGetsTheUnionAndOutOfVocabularyContextsDoNotCountAgainstTheDescriber() {
        Dataset f = failures(List.of("snow", "grass"), List.of("sky", "grass"));
        DescribedFailures d = DescribedFailures.describe(f, FailureFakes.oracleDescriber(),
                proposer(Map.of("class0", List.of("snow", "sky"))));
        assertThat(d.vocabularies().get(1)).containsExactly("snow", "sky");
        DescribedFailures.Accuracy a = d.accuracyAgainst("background");
        assertThat(a.inVocabulary()).isEqualTo(2);
        assertThat(a.correct()).isEqualTo(2);
        assertThat(a.described()).isEqualTo(4);
    }

    @Test
    void debugTrainAsksForNImagesPerFailureOfEachMode() {
        List<FailureMode> modes = new ArrayList<>(List.of(new FailureMode(0, "class0", "snow", 3),
                new FailureMode(1, "class1", "sky", 1)));
        assertThat(DebugTrain.forModes(modes, 5)).containsExactly(new DebugTrain.Request(0, "class0", "snow", 15),
                new DebugTrain.Request(1, "class1", "sky", 5));
    }
}
