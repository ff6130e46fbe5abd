package dev.kintsugi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code train --keep-history} and NeuRecover's refusal of a model without it. */
class KeepHistoryCliTest {
    @Test
    void trainKeepsThePreviousEpochOnlyWhenAskedAndNrRefusesAModelWithoutIt(@TempDir Path dir) throws IOException {
        Path data = CliTest.csv(dir);
        Path kept = dir.resolve("kept");
        CliTest.Run train = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--opt", "hidden=8",
                "--epochs", "2", "--keep-history", "--out", kept.toString());
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(kept.resolve("previous-epoch.bin")).exists();
        assertThat(Files.readString(kept.resolve("history.json"))).contains("\"previousEpoch\" : 1")
                .contains("\"lastEpoch\" : 2");

        Path plain = dir.resolve("plain");
        assertThat(CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--opt", "hidden=8", "--epochs", "1",
                "--out", plain.toString()).exit()).isZero();
        assertThat(plain.resolve("previous-epoch.bin")).doesNotExist();
        byte[] parameters = Files.readAllBytes(plain.resolve("parameters.bin"));
        CliTest.Run nr = CliTest.run("repair", "--model", plain.toString(), "--data", data.toString(), "--approach", "nr",
                "--out", dir.resolve("fixed").toString());
        assertThat(nr.exit()).isEqualTo(2);
        assertThat(nr.err().lines().filter(l -> l.startsWith("kintsugi: ")).toList()).singleElement().asString()
                .contains("--keep-history");
        assertThat(nr.err()).doesNotContain("\tat ");
        assertThat(Files.readAllBytes(plain.resolve("parameters.bin"))).isEqualTo(parameters);
        assertThat(dir.resolve("fixed")).doesNotExist();

        CliTest.Run withFix = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--keep-history",
                "--doctor", "fix", "--out", dir.resolve("never").toString());
        assertThat(withFix.exit()).isEqualTo(2);
        assertThat(withFix.err()).contains("--keep-history cannot be used with --doctor fix");
    }
}
