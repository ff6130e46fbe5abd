package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GroupStudyTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void iouMatrixIsSymmetricWithUnitDiagonal() {
        double[][] m = FailureOverlap.matrix(List.of(new int[] {1, 2, 3, 4}, new int[] {3, 4, 5}, new int[] {},
                new int[] {}));
        for (int r = 0; r < m.length; r++) {
            assertThat(m[r][r]).isEqualTo(1.0);
            for (int c = 0; c < m.length; c++) {
                assertThat(m[r][c]).isEqualTo(m[c][r]).isBetween(0.0, 1.0);
            }
        }
        assertThat(m[0][1]).isCloseTo(2.0 / 5.0, within(1e-12));
        assertThat(m[0][2]).isZero();
        assertThat(m[2][3]).isEqualTo(1.0);
        assertThat(FailureOverlap.meanOver(m, List.of("a", "a", "b", "b"), true)).isCloseTo((0.4 + 1.0) / 2,
                within(1e-12));
    }

    @Test
    void iouInWordsSaysWhenThereAreNoPairsAcrossFamilies() {
        GroupStudy.Result oneFamily = new GroupStudy.Result(List.of("a", "b"), List.of("mlp", "mlp"),
                new double[][] {{1, 0.8}, {0.8, 1}}, 0.8, Double.NaN, List.of(), 1, 1, 1, "head", java.util.Map.of());
        assertThat(oneFamily.iouInWords())
                .isEqualTo("mean failure IoU 0.80 within a family, n/a (no such pairs) across families");
    }

    @Test
    void membersAreGroupedByFamilyAndBadSpecsAreRefused() {
        List<GroupMember> members = ModelGroup.members(List.of("m1=mlp:hidden=8", "c=cnn:channels=4;hidden=8",
                "m2=mlp:hidden=16,8"), 2);
        assertThat(members).extracting(GroupMember::family).containsExactly("mlp", "mlp", "mlp", "mlp", "cnn", "cnn");
        assertThat(members.get(2).options()).containsEntry("hidden", "16,8");
        assertThatThrownBy(() -> ModelGroup.members(List.of("nonsense"), 1)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("NAME=ARCH");
        assertThatThrownBy(() -> ModelGroup.members(List.of("a=mlp:hidden"), 1)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("KEY=VALUE");
    }

    @Test
    void collectiveDebuggingMitigatesEveryFamilyMemberWithTheRepresentativesImages(@TempDir Path dir) {
        Splits splits = FailureFakes.splits(21);
        List<ModelGroup.Trained> trained = ModelGroup.train(ModelGroup.members(List.of("m=mlp:hidden=16"), 2), splits,
                TrainingConfig.defaults().withEpochs(2), "fake-bg", 0, "test", dir, QUIET);
        try {
            HeadRetrainingConfig head = HeadRetrainingConfig.paperDefaults().withEpochs(100).withTrainPerClass(0);
            GroupStudy.Result r = GroupStudy.run(trained, splits, FailureFakes.components(),
                    new GroupStudy.Settings(2, 3, new HeadRetrainer(head), 1), QUIET);
            assertThat(r.iou()).hasNumberOfRows(2);
            assertThat(r.iou()[0][1]).isEqualTo(r.iou()[1][0]);
            assertThat(r.collective()).extracting(GroupStudy.MemberResult::representative).containsOnly("m/s0");
            GroupStudy.MemberResult rep = r.collective().get(0);
            assertThat(rep.relative()).isEqualTo(1.0);
            assertThat(r.collective().get(1).collective()).isBetween(0.0, 1.0);
            // type 1 pools both members' failures: every member is mitigated with the same pooled images
            assertThat(r.collective()).allSatisfy(m -> assertThat(m.pooled()).isBetween(0.0, 1.0));
            assertThat(r.meanRelativePooled()).isEqualTo(r.collective().stream()
                    .mapToDouble(GroupStudy.MemberResult::relativePooled).filter(Double::isFinite).average()
                    .orElse(Double.NaN));
        } finally {
            trained.forEach(ModelGroup.Trained::close);
        }
    }

    @Test
    void aFamilyOfOneIsMitigatedWithItsOwnImagesForBothCollectiveTypes(@TempDir Path dir) {
        Splits splits = FailureFakes.splits(21);
        List<ModelGroup.Trained> trained = ModelGroup.train(ModelGroup.members(List.of("m=mlp:hidden=16"), 1), splits,
                TrainingConfig.defaults().withEpochs(2), "fake-bg", 0, "test", dir, QUIET);
        try {
            HeadRetrainingConfig head = HeadRetrainingConfig.paperDefaults().withEpochs(100).withTrainPerClass(0);
            GroupStudy.Result r = GroupStudy.run(trained, splits, FailureFakes.components(),
                    new GroupStudy.Settings(2, 3, new HeadRetrainer(head), 1), QUIET);
            GroupStudy.MemberResult only = r.collective().get(0);
            assertThat(only.pooled()).isEqualTo(only.individual());
            assertThat(only.collective()).isEqualTo(only.individual());
        } finally {
            trained.forEach(ModelGroup.Trained::close);
        }
    }
}
