package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StabilityCommandTest {
    @Test
    void helpHasAnExample() {
        CliTest.Run r = CliTest.run("stability", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Example").contains("--vary");
    }

    @Test
    void aSmallStudyWritesItsReportAndResumes(@TempDir Path tmp) throws IOException {
        String data = CliTest.csv(tmp) + ":label=label";
        Path out = tmp.resolve("study");
        String[] args = {"stability", "--model", "mlp", "--opt", "hidden=8", "--data", data, "--seeds", "3",
                "--epochs", "2", "--vary", "order", "--threads", "1", "--out", out.toString()};
        CliTest.Run r = CliTest.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 runs varying order: test accuracy").contains("mean churn");
        assertThat(out.resolve("stability.html")).isRegularFile();
        assertThat(out.resolve("provenance.json")).isRegularFile();
        JsonNode json = Json.mapper().readTree(out.resolve("stability.json").toFile());
        assertThat(json.get("schema").asText()).isEqualTo("kintsugi.stability/1");
        assertThat(json.at("/result/runs")).hasSize(3);
        assertThat(json.at("/result/runs/1/seeds/order").asLong()).isEqualTo(1);
        assertThat(json.at("/result/runs/1/seeds/init").asLong()).isZero();
        assertThat(json.at("/provenance/inputs")).hasSize(3);
        String html = Files.readString(out.resolve("stability.html"));
        assertThat(html).contains("Final test accuracy").contains("Prediction churn").contains("<svg");

        CliTest.Run again = CliTest.run(args);
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("resumed: 3 of 3 runs").doesNotContain("run 1/3:");

        args[args.length - 5] = "init";
        CliTest.Run changed = CliTest.run(args);
        assertThat(changed.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(changed.err().strip()).contains("other arguments (vary: recorded \"ORDER\", now \"INIT\")")
                .doesNotContain("\n");
    }

    @Test
    void aModelDirectoryIsRetrainedFromScratchWithItsArchitecture(@TempDir Path tmp) throws IOException {
        String data = CliTest.csv(tmp) + ":label=label";
        Path model = tmp.resolve("model");
        assertThat(CliTest.run("train", "--arch", "mlp", "--opt", "hidden=5", "--data", data, "--epochs", "1",
                "--out", model.toString()).exit()).isZero();
        Path out = tmp.resolve("study");
        CliTest.Run r = CliTest.run("stability", "--model", model.toString(), "--data", data, "--seeds", "2",
                "--epochs", "1", "--threads", "1", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(out.resolve("stability.json").toFile());
        assertThat(json.at("/result/design/architecture").asText()).isEqualTo("mlp");
        assertThat(json.at("/result/design/options/hidden").asText()).isEqualTo("5");
        assertThat(json.at("/provenance/inputs/3/role").asText()).isEqualTo("model");
    }

    @Test
    void badInputsGiveOneLineErrors(@TempDir Path tmp) {
        String out = tmp.resolve("s").toString();
        String[][] cases = {
                {"--model", "alexnet", "--data", "german-credit", "--out", out},
                {"--model", "mlp", "--data", "german-credit", "--vary", "weights", "--out", out},
                {"--model", "mlp", "--data", "german-credit", "--seeds", "1", "--out", out},
                {"--model", "mlp", "--data", "german-credit", "--epochs", "0", "--out", out},
        };
        String[] expected = {"neither a zoo architecture", "--vary must be init, order or augmentation",
                "--seeds must be at least 2", "--epochs must be at least 1"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "stability";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            CliTest.Run r = CliTest.run(args);
            assertThat(r.exit()).as(expected[i]).isEqualTo(Main.USER_ERROR);
            assertThat(r.err().strip()).as(expected[i]).contains(expected[i]).doesNotContain("\n");
        }
        assertThat(Path.of(out)).doesNotExist();
    }
}
