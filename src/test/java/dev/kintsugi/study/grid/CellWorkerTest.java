package dev.kintsugi.study.grid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's side of a worker, against a shell script that speaks {@link CellMain}'s protocol: seed 0 crashes
 * the worker, seed 1 hangs past the hard limit, seed 4 fails with an internal error and the worker exits, any other seed answers "done" (its result was saved beforehand,
 * as a real worker saves it). What a process per cell gave must hold: the crash and the hang cost one cell each,
 * a fresh worker takes the next cell, and a healthy worker runs many cells.
 */
class CellWorkerTest {
    private static final String SCRIPT = """
            echo started >> "$1/starts"
            while IFS=$'\\t' read -r bench approach seed; do
              case "$seed" in
                0) echo "kintsugi: the native library crashed" >&2; exit 7 ;;
                1) echo $$ > "$1/stuck.pid"; sleep 60 ;;
                4) printf '\001cell broken\tinternal error: java.lang.IllegalStateException\n'; sleep 1; exit 1 ;;
                *) echo "a stray line on standard output"; printf '\\001cell done\\n' ;;
              esac
            done
            """;

    @Test
    void aCrashOrAHangCostsOneCellAndAFreshWorkerTakesTheNext(@TempDir Path tmp) throws IOException {
        StudyFolder folder = StudyFolder.open(tmp.resolve("study"),
                new StudyPlan(List.of("finetune"), List.of("german-credit/mlp"), 4, 10, 1, 0));
        Path script = Files.writeString(tmp.resolve("worker.sh"), SCRIPT);
        for (int seed : new int[] {2, 3, 5}) {
            folder.save(CellResult.unfinished(new Cell("german-credit/mlp", "finetune", seed), CellResult.OK, "saved by the worker", 1.5));
        }
        Cell crash = new Cell("german-credit/mlp", "finetune", 0);
        Cell hang = new Cell("german-credit/mlp", "finetune", 1);
        Cell ok2 = new Cell("german-credit/mlp", "finetune", 2);
        Cell ok3 = new Cell("german-credit/mlp", "finetune", 3);

        try (CellWorker w = new CellWorker(folder, 0, List.of("bash", script.toString(), tmp.toString()), Duration.ofSeconds(3))) {
            CellResult crashed = w.run(crash);
            assertThat(crashed.status()).isEqualTo(CellResult.FAILED);
            assertThat(crashed.note()).isEqualTo("exit 7: the native library crashed");

            long start = System.nanoTime();
            CellResult hung = w.run(hang);
            double waited = (System.nanoTime() - start) / 1e9;
            assertThat(hung.status()).isEqualTo(CellResult.TIME_OUT);
            assertThat(hung.note()).isEqualTo("stopped at the hard limit of 3 s");
            assertThat(waited).isBetween(3.0, 30.0);
            long stuck = Long.parseLong(Files.readString(tmp.resolve("stuck.pid")).strip());
            assertThat(ProcessHandle.of(stuck).map(ProcessHandle::isAlive).orElse(false)).as("the stuck worker is killed").isFalse();

            CellResult done2 = w.run(ok2);
            CellResult done3 = w.run(ok3);
            assertThat(List.of(done2, done3)).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(CellResult.OK);
                assertThat(r.note()).isEqualTo("saved by the worker");
                assertThat(r.processSeconds()).isNotNull().isPositive();
            });

            // An internal error: the worker answers, then exits; the next cell must go to a fresh worker, not to it.
            CellResult broken = w.run(new Cell("german-credit/mlp", "finetune", 4));
            assertThat(broken.status()).isEqualTo(CellResult.FAILED);
            assertThat(broken.note()).isEqualTo("internal error: java.lang.IllegalStateException");
            assertThat(w.run(new Cell("german-credit/mlp", "finetune", 5)).status()).isEqualTo(CellResult.OK);
        }
        // Every cell's file is in the folder, as the engine's contract says, the unfinished ones included.
        assertThat(folder.finished(crash)).get().extracting(CellResult::status).isEqualTo(CellResult.FAILED);
        assertThat(folder.finished(hang)).get().extracting(CellResult::status).isEqualTo(CellResult.TIME_OUT);
        assertThat(folder.finished(ok3).orElseThrow().processSeconds()).isNotNull();
        // Four workers for six cells: one crashed, one was killed, the third ran two cells and broke on the fifth.
        assertThat(Files.readAllLines(tmp.resolve("starts"))).hasSize(4);
        assertThat(Files.readString(folder.root().resolve("logs/worker-0.log"))).contains("a stray line on standard output")
                .contains("the native library crashed");
    }
}
