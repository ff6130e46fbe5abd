package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The original's attack computed once and reused: keyed random starts, the draw as a prefix of one seeded order,
 * and reused outcomes equal to a fresh comparison's.
 */
class OriginalAttackTest {
    static final Dataset TRAIN = TestData.bands("train", 300, 8, 4, 1);
    /** More than three blocks of inputs, so reuse and block bookkeeping are exercised. */
    static final Dataset TEST = withWrongLabels(TestData.bands("test", 450, 8, 4, 2));
    static final Pgd PGD = Pgd.linf(0.15).withSeed(4);
    static Network original;
    static Network fixA;
    static Network fixB;

    @BeforeAll
    static void train() {
        original = AttackTest.trained(3);
        fixA = AttackTest.trained(4);
        fixB = AttackTest.trained(5);
    }

    @AfterAll
    static void close() {
        original.close();
        fixA.close();
        fixB.close();
    }

    @Test
    void keyedStartsDependOnTheKeyNotOnThePositionOrTheBatchMates() {
        Pgd pgd = PGD.withSeed(9).withBatchSize(2);
        Dataset five = TEST.subset("five", new int[]{0, 1, 2, 3, 4});
        float[] all = pgd.perturb(original, five.featuresView(), five.labels(), new long[]{10, 11, 12, 13, 14});
        Dataset two = TEST.subset("two", new int[]{3, 0});
        float[] some = pgd.perturb(original, two.featuresView(), two.labels(), new long[]{13, 10});
        int size = 64;
        for (int j = 0; j < size; j++) {
            assertThat(some[j]).as("input 3, value %d", j).isCloseTo(all[3 * size + j], within(1e-5f));
            assertThat(some[size + j]).as("input 0, value %d", j).isCloseTo(all[j], within(1e-5f));
        }
        float[] otherKeys = pgd.perturb(original, two.featuresView(), two.labels(), new long[]{14, 10});
        assertThat(Arrays.copyOf(otherKeys, size)).isNotEqualTo(Arrays.copyOf(some, size));
        assertThatThrownBy(() -> pgd.perturb(original, two.featuresView(), two.labels(), new long[]{1}))
                .hasMessageContaining("1 keys for 2 inputs");
    }

    @Test
    void theOrderIsASeededPermutation() {
        int[] a = OriginalAttack.order(1000, 5);
        assertThat(Arrays.stream(a).sorted().toArray()).containsExactly(IntStream.range(0, 1000).toArray());
        assertThat(OriginalAttack.order(1000, 5)).containsExactly(a);
        assertThat(OriginalAttack.order(1000, 6)).isNotEqualTo(a);
        long fixedPoints = IntStream.range(0, 1000).filter(i -> a[i] == i).count();
        assertThat(fixedPoints).as("a uniform permutation has about one fixed point").isLessThan(10);
        // Every position is reachable: the last element is not always the largest (an off-by-one Fisher–Yates).
        assertThat(IntStream.range(0, 50).map(s -> OriginalAttack.order(3, s)[2]).distinct().count()).isEqualTo(3);
    }

    @Test
    void theDrawIsTheFirstInputsOfTheSeededOrderThatEveryModelGetsRight() {
        Predictions po = Predictor.predict(original, TEST);
        Predictions pa = Predictor.predict(fixA, TEST);
        Robustness r = Robustness.evaluate(PGD, TEST, original, Map.of("a", fixA), 120, 17);
        assertThat(IntStream.range(0, TEST.size()).filter(i -> !po.correct(i)).count()).as("the original's mistakes")
                .isBetween(5L, 300L);
        int[] expected = Arrays.stream(OriginalAttack.order(TEST.size(), 17))
                .filter(i -> po.correct(i) && pa.correct(i)).limit(120).sorted().toArray();
        assertThat(expected).hasSize(120);
        assertThat(r.attackedIndices()).containsExactly(expected);
        assertThat(r.eligibleInputs()).isEqualTo(IntStream.range(0, TEST.size())
                .filter(i -> po.correct(i) && pa.correct(i)).count());
    }

    /**
     * The original's ASR is that of attacking the drawn inputs directly, whether its outcomes were computed for
     * this comparison or kept from one against another fix, and a kept one attacks only the blocks it lacks.
     */
    @Test
    void reusedOutcomesGiveTheNumbersOfAFreshComparisonAndAttackTheOriginalOnce() {
        Predictions po = Predictor.predict(original, TEST);
        OriginalAttack kept = new OriginalAttack(PGD, TEST, po, 17);
        Map<String, Predictions> pa = Map.of("a", Predictor.predict(fixA, TEST));
        Map<String, Predictions> pb = Map.of("b", Predictor.predict(fixB, TEST));
        Robustness ra = Robustness.evaluate(PGD, TEST, original, po, Map.of("a", fixA), pa, 250, 17, kept);
        int paid = kept.attackedInputs();
        assertThat(paid % OriginalAttack.BLOCK).as("whole blocks").isZero();
        assertThat(paid).isBetween(ra.attackedInputs(), ra.attackedInputs() + 2 * OriginalAttack.BLOCK);
        Robustness rb = Robustness.evaluate(PGD, TEST, original, po, Map.of("b", fixB), pb, 250, 17, kept);
        Robustness freshB = Robustness.evaluate(PGD, TEST, original, po, Map.of("b", fixB), pb, 250, 17);
        assertThat(rb.attackedIndices()).containsExactly(freshB.attackedIndices());
        assertThat(rb.original()).isEqualTo(freshB.original());
        assertThat(rb.fixed()).isEqualTo(freshB.fixed());
        assertThat(kept.attackedInputs() - paid).as("the second comparison reuses the first's blocks")
                .isLessThan(rb.attackedInputs());
        Robustness again = Robustness.evaluate(PGD, TEST, original, po, Map.of("a", fixA), pa, 250, 17, kept);
        assertThat(again.original()).isEqualTo(ra.original());

        for (Robustness r : new Robustness[]{ra, rb}) {
            Dataset drawn = TEST.subset("drawn", r.attackedIndices());
            float[] adv = PGD.perturb(original, drawn.featuresView(), drawn.labels(), OriginalAttack.keys(r.attackedIndices()));
            Predictions p = Predictor.predict(original, drawn.withFeatures("adv", adv));
            int fooled = (int) IntStream.range(0, p.size()).filter(i -> !p.correct(i)).count();
            assertThat(r.original().successes()).as("the original fooled on the drawn inputs")
                    .isCloseTo(fooled, within(1));
            assertThat(r.original().attacked()).isEqualTo(r.attackedInputs());
            assertThat(fooled).as("the attack does something here").isBetween(1, r.attackedInputs() - 1);
        }
        assertThatThrownBy(() -> kept.fooled(original, new int[]{firstWrong(po)}))
                .hasMessageContaining("not classified correctly");
        assertThatThrownBy(() -> Robustness.evaluate(PGD, TEST, original, po, Map.of("a", fixA), pa, 250, 18, kept))
                .hasMessageContaining("another attack, split or draw");
    }

    @Test
    void aCacheKeepsOneOutcomeSetPerOriginalAttackAndDraw() {
        Predictions po = Predictor.predict(original, TEST);
        OriginalAttacks cache = OriginalAttacks.cache();
        OriginalAttack first = cache.get("sum1", PGD, TEST, po, 17);
        assertThat(cache.get("sum1", PGD, TEST, po, 17)).isSameAs(first);
        assertThat(cache.get("sum2", PGD, TEST, po, 17)).isNotSameAs(first);
        assertThat(cache.get("sum1", PGD.withSeed(5), TEST, po, 17)).isNotSameAs(first);
        assertThat(cache.get("sum1", PGD, TEST, po, 18)).isNotSameAs(first);
        assertThat(cache.get(null, PGD, TEST, po, 17)).isNotSameAs(cache.get(null, PGD, TEST, po, 17));
        OriginalAttacks none = OriginalAttacks.none();
        assertThat(none.get("sum1", PGD, TEST, po, 17)).isNotSameAs(none.get("sum1", PGD, TEST, po, 17));
        for (int i = 0; i < OriginalAttacks.CAPACITY; i++) {
            cache.get("other" + i, PGD, TEST, po, 17);
        }
        assertThat(cache.get("sum1", PGD, TEST, po, 17)).as("dropped as the least recently used").isNotSameAs(first);
    }

    /** Every 13th label shifted, so that every model gets some inputs wrong and the draw has inputs to leave out. */
    private static Dataset withWrongLabels(Dataset d) {
        int[] labels = d.labels().clone();
        for (int i = 0; i < labels.length; i += 13) {
            labels[i] = (labels[i] + 1) % d.numClasses();
        }
        return d.withLabels(d.name(), labels);
    }

    private static int firstWrong(Predictions p) {
        return IntStream.range(0, p.size()).filter(i -> !p.correct(i)).findFirst().orElseThrow();
    }
}
