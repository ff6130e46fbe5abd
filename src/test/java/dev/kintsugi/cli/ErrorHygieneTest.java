package dev.kintsugi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors reach the terminal as one short, printable line, whatever the data put into them. */
class ErrorHygieneTest {
    @Test
    void controlCharactersAreEscapedAndLongMessagesCut() {
        assertThat(Main.printable("bad \u001b[31mred\u0007 cell\u0000")).isEqualTo("bad \\x1b[31mred\\x07 cell\\x00");
        String cut = Main.printable("x".repeat(50_000));
        assertThat(cut).hasSizeLessThan(Main.MAX_MESSAGE_CHARS + 40).endsWith("(48000 more characters)");
    }

    @Test
    void aHugeCellInADataFileIsNotEchoed(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("big.csv"), "a,label\n" + "\u001b[2J" + "9".repeat(3_000_000) + "z,x\n1,y\n");
        CliTest.Run r = CliTest.run("data", "info", "--data", csv.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err().length()).isLessThan(Main.MAX_MESSAGE_CHARS + 200);
        assertThat(r.err()).doesNotContain("\u001b");
    }

    @Test
    void optionValuesThatWouldExhaustMemoryAreRefusedAtOnce(@TempDir Path dir) throws IOException {
        Path data = CliTest.csv(dir);
        long start = System.nanoTime();
        CliTest.Run r = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--opt", "hidden=999999999",
                "--epochs", "1", "--out", dir.resolve("m").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("hidden=999999999").contains("at most 65536");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
        for (String[] bad : new String[][] {{"--max-nfr", "200"}, {"--budget", "PT-5S"}}) {
            CliTest.Run r2 = CliTest.run("repair", "--model", "m", "--approach", "finetune", "--out",
                    dir.resolve("o").toString(), bad[0], bad[1]);
            assertThat(r2.exit()).as(bad[0]).isEqualTo(2);
            assertThat(r2.err()).contains(bad[0]);
        }
        CliTest.Run timeout = CliTest.run("evaluate", "--model", "x.pt", "--model-timeout", "PT-5S");
        assertThat(timeout.exit()).isEqualTo(2);
        assertThat(timeout.err().strip().lines()).hasSize(1);
        assertThat(timeout.err()).contains("--model-timeout");
    }
}
