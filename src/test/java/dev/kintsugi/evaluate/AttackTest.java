package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AttackTest {
    static final Dataset TRAIN = TestData.bands("train", 300, 8, 4, 1);
    static final Dataset TEST = TestData.bands("test", 60, 8, 4, 2);
    static Network model;
    static Network other;

    @BeforeAll
    static void train() {
        model = trained(3);
        other = trained(4);
    }

    static Network trained(long seed) {
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), seed);
        new Trainer(TrainingConfig.defaults().withEpochs(5).withBatchSize(32).withLearningRate(0.01).withSeed(seed))
                .fit(net, TRAIN, TEST);
        return net;
    }

    @AfterAll
    static void close() {
        model.close();
        other.close();
    }

    @Test
    void pgdStaysWithinEpsilonAndBoundsAndIsDeterministic() {
        double eps = 0.1;
        Pgd pgd = Pgd.linf(eps).withSeed(9).withBatchSize(32);
        float[] x = TEST.featuresView();
        float[] adv = pgd.perturb(model, x, TEST.labels());
        assertThat(adv).hasSize(x.length);
        double maxMove = 0;
        for (int i = 0; i < x.length; i++) {
            maxMove = Math.max(maxMove, Math.abs(adv[i] - x[i]));
            assertThat(adv[i]).isBetween(0f, 1f);
        }
        assertThat(maxMove).isLessThanOrEqualTo(eps + 1e-6).isGreaterThan(eps / 2);
        assertThat(pgd.perturb(model, x, TEST.labels())).containsExactly(adv);
        assertThat(pgd.withSeed(10).perturb(model, x, TEST.labels())).isNotEqualTo(adv);
        assertThat(pgd.stepSize()).isCloseTo(eps / 30, within(1e-12));
    }

    @Test
    void attackSuccessGrowsWithEpsilonAndIsZeroAtZero() {
        double[] eps = {0, 0.1, 0.3, 0.6};
        double[] asr = new double[eps.length];
        for (int e = 0; e < eps.length; e++) {
            Robustness r = Robustness.evaluate(Pgd.linf(eps[e]).withSeed(1), TEST, model, Map.of(), 500, 7);
            asr[e] = r.original().ratePercent();
        }
        assertThat(asr[0]).isZero();
        for (int e = 1; e < eps.length; e++) {
            assertThat(asr[e]).as("ASR at eps %s", eps[e]).isGreaterThanOrEqualTo(asr[e - 1]);
        }
        assertThat(asr[eps.length - 1]).isGreaterThan(50);
        double fgsmSmall = Robustness.evaluate(Fgsm.linf(0.1), TEST, model, Map.of(), 500, 7).original().ratePercent();
        double fgsmLarge = Robustness.evaluate(Fgsm.linf(0.3), TEST, model, Map.of(), 500, 7).original().ratePercent();
        assertThat(fgsmLarge).isGreaterThanOrEqualTo(fgsmSmall);
        // PGD is at least as strong as FGSM at the same budget here.
        assertThat(asr[2]).isGreaterThanOrEqualTo(fgsmLarge);
    }

    @Test
    void robustnessComparesModelsOnInputsAllClassifyCorrectly() {
        Robustness r = Robustness.evaluate(Pgd.linf(0.15).withSeed(2), TEST, model, Map.of("other", other), 50, 11);
        assertThat(r.attackedInputs()).isEqualTo(Math.min(50, r.eligibleInputs()));
        Predictions pm = Predictor.predict(model, TEST);
        Predictions po = Predictor.predict(other, TEST);
        for (int i : r.attackedIndices()) {
            assertThat(pm.correct(i) && po.correct(i)).isTrue();
        }
        AttackSuccess o = r.original();
        AttackSuccess f = r.fixed().get("other");
        assertThat(o.attacked()).isEqualTo(r.attackedInputs());
        assertThat(o.ratePercent()).isCloseTo(100.0 * o.successes() / o.attacked(), within(1e-12));
        RelativeChange up = r.asrImprovement().get("other");
        if (o.ratePercent() > 0) {
            assertThat(up.percent()).isCloseTo((o.ratePercent() - f.ratePercent()) / o.ratePercent() * 100,
                    within(1e-9));
        } else {
            assertThat(up.percent()).isNull();
        }
        // The same seed draws the same inputs.
        Robustness again = Robustness.evaluate(Pgd.linf(0.15).withSeed(2), TEST, model, Map.of("other", other), 50, 11);
        assertThat(again.attackedIndices()).containsExactly(r.attackedIndices());
        assertThat(again.original()).isEqualTo(o);
    }

    @Test
    void studyVariantAttacksProbabilitiesAndStaysInBounds() {
        Pgd study = Pgd.linf(0.1).studyVariant().withBounds(Bounds.of(TEST.featuresView()));
        float[] adv = study.perturb(model, TEST.featuresView(), TEST.labels());
        for (int i = 0; i < adv.length; i++) {
            assertThat(Math.abs(adv[i] - TEST.featuresView()[i])).isLessThanOrEqualTo(0.1f + 1e-6f);
        }
        assertThat(study.describe()).contains("cross_entropy_on_probabilities");
    }

    @Test
    void fgsmOnSoftmaxRegressionMatchesTheClosedForm() {
        // mlp with no hidden layer: logits = Wx + b, dL/dx = Wᵀ(softmax(Wx + b) − onehot(y)).
        Dataset d = TestData.blobs("d", 3, 4, 3, 0);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", ""), d), 0)) {
            float[] x = {0.02f, 0.5f, 0.97f, 0.3f, 0.6f, 0.05f, 0.4f, 0.99f, 0.5f, 0.5f, 0.01f, 0.7f};
            int[] y = {0, 1, 2};
            float eps = 0.08f;
            float[] w = net.parameterValues(net.headIndex(), "weight");
            float[] b = net.parameterValues(net.headIndex(), "bias");
            float[] adv = Fgsm.linf(eps).perturb(net, x, y);
            for (int s = 0; s < 3; s++) {
                double[] z = new double[3];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 3; c++) {
                    z[c] = b[c];
                    for (int j = 0; j < 4; j++) {
                        z[c] += w[c * 4 + j] * x[s * 4 + j];
                    }
                    max = Math.max(max, z[c]);
                }
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    z[c] = Math.exp(z[c] - max);
                    sum += z[c];
                }
                for (int j = 0; j < 4; j++) {
                    double g = 0;
                    for (int c = 0; c < 3; c++) {
                        g += w[c * 4 + j] * (z[c] / sum - (c == y[s] ? 1 : 0));
                    }
                    double expected = Math.min(1, Math.max(0, x[s * 4 + j] + eps * Math.signum(g)));
                    assertThat((double) adv[s * 4 + j]).as("sample %d feature %d", s, j)
                            .isCloseTo(expected, within(1e-6));
                }
            }
        }
    }

    /**
     * The attack freezes the parameters' gradient recording while it runs (a fifth faster) and restores it: the
     * adversarial inputs are bit for bit those of an attack with the parameters recording, and training after
     * an attack still updates every parameter.
     */
    @Test
    void anAttackFreezesTheParametersOnlyWhileItRunsAndGetsTheSameInputs() {
        Pgd pgd = Pgd.linf(0.1).withSeed(9).withBatchSize(32);
        float[] x = TEST.featuresView();
        float[] frozenRun = pgd.perturb(model, x, TEST.labels());
        java.util.List<ai.djl.ndarray.NDArray> params = model.block().getParameters().values().stream()
                .map(ai.djl.nn.Parameter::getArray).toList();
        assertThat(params).isNotEmpty().allMatch(ai.djl.ndarray.NDArray::hasGradient);
        try (dev.kintsugi.model.Classifier.FrozenParameters f = model.freezeParameters()) {
            assertThat(params).noneMatch(ai.djl.ndarray.NDArray::hasGradient);
        }
        assertThat(params).allMatch(ai.djl.ndarray.NDArray::hasGradient);
        try (Network copy = trained(3)) {
            float[] before = copy.flatParameters();
            pgd.perturb(copy, x, TEST.labels());
            new Trainer(TrainingConfig.defaults().withEpochs(1).withBatchSize(32).withLearningRate(0.01).withSeed(1))
                    .fit(copy, TRAIN, null);
            float[] after = copy.flatParameters();
            int changed = 0;
            for (int i = 0; i < before.length; i++) {
                changed += before[i] != after[i] ? 1 : 0;
            }
            assertThat(changed).as("training after an attack updates the parameters").isGreaterThan(before.length / 2);
        }
        assertThat(pgd.perturb(model, x, TEST.labels())).containsExactly(frozenRun);
    }
}
