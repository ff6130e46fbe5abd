package dev.kintsugi.repair.approaches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.finetune.MaskedUpdate;
import dev.kintsugi.repair.finetune.MaskedUpdate.Param;
import dev.kintsugi.repair.localize.LinearProbe;
import dev.kintsugi.testing.ReferenceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kintsugi.testing.ReferenceFixture.floats;
import static dev.kintsugi.testing.ReferenceFixture.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * I-Repair's influence scores and masked RMSprop iterations, and INNER's layer score, weight routing, fault
 * weights and masked distillation step, against numbers {@code tools/irepair_inner_reference.py} computed
 * in torch from the authors' code, on {@link ReferenceFixture}'s tiny network (layer 1: linear 4→6,
 * layer 3: linear 6→3).
 */
class IRepairInnerReferenceTest {
    static JsonNode root;
    static Dataset neg;
    static Dataset pos;
    Network net;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = IRepairInnerReferenceTest.class.getResourceAsStream("/repair/irepair_inner.json")) {
            root = new ObjectMapper().readTree(in);
        }
        neg = ReferenceFixture.data("negatives");
        pos = ReferenceFixture.data("positives");
    }

    @BeforeEach
    void fresh() {
        net = ReferenceFixture.network("logits");
    }

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void iRepairScoresMatchTheInfluenceEstimator() {
        JsonNode r = root.get("irepair");
        int[] remaining = IRepair.remaining(net, neg);
        assertThat(remaining).containsExactly(ints(r.get("remaining")));
        List<Param> params = MaskedUpdate.trainable(net);
        assertThat(params).extracting(Param::key).containsExactly("1/weight", "1/bias", "3/weight", "3/bias");
        Dataset specific = neg.subset("remaining", remaining);
        Map<String, float[]> scores = IRepair.scores(net, params, pos, specific, 1.0);
        for (Param p : params) {
            float[] expected = floats(r.get("scoresGamma1").get(p.key()));
            float[] got = scores.get(p.key());
            for (int i = 0; i < expected.length; i++) {
                // the scores are ratios; compare relatively (a 1e-8 / 1e-8 entry is 1 in both)
                assertThat((double) got[i]).as(p.key() + "[" + i + "]")
                        .isCloseTo(expected[i], within(1e-4 * Math.max(1, Math.abs(expected[i]))));
            }
        }
        long trainable = 0;
        for (float[] s : IRepair.scores(net, params, pos, specific, 10.0).values()) {
            for (float v : s) {
                trainable += v >= 1 ? 1 : 0;
            }
        }
        assertThat(trainable).isEqualTo(r.get("trainableGamma10").asLong());
    }

    @Test
    void iRepairIterationsMatchTheMaskedRmspropSteps() {
        JsonNode r = root.get("irepair");
        List<Param> params = MaskedUpdate.trainable(net);
        MaskedUpdate.RmsProp rmsprop = MaskedUpdate.RmsProp.torchDefaults(r.get("lr").asDouble());
        for (int i = 0; i < r.get("iterations").asInt(); i++) {
            IRepair.iterate(net, params, pos, neg, IRepair.remaining(net, neg), r.get("gamma").asDouble(), rmsprop);
        }
        for (Param p : params) {
            assertThat(p.values()).as(p.key())
                    .containsExactly(floats(r.get("parametersAfter").get(p.key())), within(2e-5f));
        }
        assertThat(IRepair.remaining(net, neg)).containsExactly(ints(r.get("remainingAfter")));
    }

    LinearProbe probe() {
        JsonNode n = root.get("inner");
        return new LinearProbe(3, 6, 3, floats(n.get("probeWeight")), floats(n.get("probeBias")));
    }

    @Test
    void innerBlocksAreTheHiddenLayersProbedAtTheNextLayer() {
        assertThat(Inner.blocks(net)).containsExactly(new Inner.Block(1, 3));
    }

    @Test
    void innerLayerScoreMatchesAnomalySelect() {
        double[] scores = Inner.layerScores(net, List.of(probe()), pos, neg);
        assertThat(scores[0]).isCloseTo(root.get("inner").get("layerScore").asDouble(), within(1e-5));
    }

    @Test
    void innerRoutingAndFaultWeightsMatchSingleImgOptimAndGetWeightMask() {
        JsonNode n = root.get("inner");
        LinearProbe probe = probe();
        float[] before = net.parameterValues(1, "weight");
        Inner.FaultCounts counts = new Inner.FaultCounts();
        List<float[]> routings = new ArrayList<>();
        for (int i = 0; i < neg.size(); i++) {
            Map<String, float[]> r = Inner.route(net, 1, probe, neg.sample(i), 40);
            routings.add(r.get("1/weight"));
            counts.add(r);
        }
        assertThat(net.parameterValues(1, "weight")).as("routing restores the weights").containsExactly(before);
        assertThat(routings.get(0)).containsExactly(floats(n.get("routing0")), within(1e-4f));
        assertThat(routings.get(1)).containsExactly(floats(n.get("routing1")), within(1e-4f));
        n.get("counts").fields().forEachRemaining(e ->
                assertThat(counts.count("1/weight", Integer.parseInt(e.getKey()))).as("count of " + e.getKey())
                        .isEqualTo(e.getValue().asInt()));
        assertThat(ones(counts.mask(0).get("1/weight"))).containsExactly(ints(n.get("faultAll")));
        assertThat(ones(counts.mask(5).get("1/weight"))).containsExactlyInAnyOrder(ints(n.get("fault5")));
    }

    @Test
    void innerDistillationPassMatchesLayerRepWithMySgd() {
        JsonNode n = root.get("inner");
        float[] mask = new float[24];
        for (int i : ints(n.get("fault5"))) {
            mask[i] = 1;
        }
        float[] headBefore = net.parameterValues(3, "weight");
        Inner.distillationPass(net, 1, probe(), neg, pos, Map.of("1/weight", mask), n.get("lr").asDouble(), 0.8, 3);
        assertThat(net.parameterValues(1, "weight")).containsExactly(floats(n.get("weightAfter")), within(1e-5f));
        assertThat(net.parameterValues(1, "bias")).as("the block's bias is updated in full")
                .containsExactly(floats(n.get("biasAfter")), within(1e-5f));
        assertThat(net.parameterValues(3, "weight")).as("other layers keep their values").containsExactly(headBefore);
    }

    private static int[] ones(float[] mask) {
        return java.util.stream.IntStream.range(0, mask.length).filter(i -> mask[i] != 0).toArray();
    }
}
