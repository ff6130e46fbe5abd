package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Splits;
import dev.kintsugi.data.SplitsDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DedupeFixTest {

    @Test
    void writesACopyWithoutDuplicatesAndLeakingSamplesAndLeavesTheOriginal(@TempDir Path dir) throws Exception {
        Splits original = DuplicateFinderTest.planted();
        String before = original.train().checksum();
        float[] firstBefore = original.train().sample(61);
        Path out = dir.resolve("check");
        DataCheckJob.Outcome outcome = DataCheckJob.run(new DataCheckJob.Request(original, "planted", null, null, null,
                null, List.of(DuplicateCheck.NAME), DataChecks.Settings.defaults(), DedupeFix.NAME, 0, out, false),
                "test", DuplicateFinderTest.QUIET);

        assertThat(outcome.correction().summary()).isEqualTo("removed 4 of 64 training samples (3 with copies in"
                + " valid/repair/test, 1 repeated within train)");
        assertThat(outcome.correction().changes()).extracting(c -> c.get("index")).containsExactly(60, 61, 62, 63);
        Splits copy = SplitsDirectory.read(out.resolve(DataCheckReport.CORRECTED));
        assertThat(copy.train().size()).isEqualTo(60);
        assertThat(copy.test().size()).isEqualTo(original.test().size());
        assertThat(copy.train().sample(0)).containsExactly(original.train().sample(0));
        assertThat(Files.readString(out.resolve("data-check.json"))).contains("\"within-train\"");
        // The original splits are untouched.
        assertThat(original.train().size()).isEqualTo(64);
        assertThat(original.train().checksum()).isEqualTo(before);
        assertThat(original.train().sample(61)).containsExactly(firstBefore);

        // The copy is clean: checking it again finds nothing to remove.
        DuplicateCheck check = new DuplicateCheck();
        Duplicates again = check.find(new DataCheckContext(copy, null, null, 0, DuplicateFinderTest.QUIET));
        assertThat(again.pairs()).isEmpty();
    }
}
