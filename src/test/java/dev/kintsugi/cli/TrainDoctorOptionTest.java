package dev.kintsugi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kintsugi train --doctor off|warn|fix}. */
class TrainDoctorOptionTest {
    @Test
    void warnIsTheDefaultAndWritesTheDoctorsReport(@TempDir Path dir) throws IOException {
        Path data = CliTest.csv(dir);
        Path model = dir.resolve("model");
        CliTest.Run r = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--opt", "hidden=8",
                "--opt", "output=softmax", "--epochs", "2", "--batch-size", "16", "--threads", "1", "--out",
                model.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("PROBLEM output-loss-mismatch");
        assertThat(r.out()).contains("doctor (warn)");
        String json = Files.readString(model.resolve("doctor.json"));
        assertThat(json).contains("\"mode\" : \"warn\"").contains("output-loss-mismatch").contains("overhead")
                .contains("gradientNormsByEpoch");
        assertThat(Files.readString(model.resolve("doctor.html"))).contains("<svg").contains("output-loss-mismatch");
        // warn mode leaves the architecture alone
        assertThat(Files.readString(model.resolve("spec.json"))).contains("\"output\" : \"softmax\"");
    }

    @Test
    void fixModeSavesTheFixedArchitecture(@TempDir Path dir) throws IOException {
        Path data = CliTest.csv(dir);
        Path model = dir.resolve("model");
        // Every ReLU is dead from the start: the network cannot learn until a fix changes the architecture.
        CliTest.Run r = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--opt", "hidden=8,8",
                "--opt", "bias-init=-10", "--epochs", "4", "--batch-size", "16", "--lr", "0.01", "--threads", "1",
                "--doctor", "fix", "--out", model.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("PROBLEM dying-relu").contains("doctor: trying activation=selu for dying-relu");
        var report = dev.kintsugi.util.Json.mapper().readTree(model.resolve("doctor.json").toFile());
        assertThat(report.get("mode").asText()).isEqualTo("fix");
        assertThat(report.get("attempts")).isNotEmpty();
        assertThat(report.get("appliedFixes")).isNotEmpty();
        // the kept fix, e.g. "batchnorm=true (dying-relu)", is in the saved architecture
        String kept = report.get("appliedFixes").get(0).asText().split(" \\(")[0];
        String spec = Files.readString(model.resolve("spec.json"));
        for (String kv : kept.split(" ")) {
            String[] p = kv.split("=");
            assertThat(spec).contains("\"" + p[0] + "\" : \"" + p[1] + "\"");
        }
        assertThat(Files.readString(model.resolve("doctor.html"))).contains("Repair attempts");
    }

    @Test
    void offWritesNoDoctorFilesAndBadModesAreOneLineErrors(@TempDir Path dir) throws IOException {
        Path data = CliTest.csv(dir);
        Path model = dir.resolve("model");
        CliTest.Run off = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--opt", "hidden=8",
                "--epochs", "1", "--threads", "1", "--doctor", "off", "--out", model.toString());
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(model.resolve("doctor.json")).doesNotExist();
        CliTest.Run bad = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--doctor", "heal",
                "--out", dir.resolve("never").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).contains("--doctor must be off, warn or fix").doesNotContain("\n");
        CliTest.Run every = CliTest.run("train", "--data", data.toString(), "--arch", "mlp", "--doctor-every", "0",
                "--out", dir.resolve("never").toString());
        assertThat(every.exit()).isEqualTo(2);
        assertThat(every.err()).contains("--doctor-every must be at least 1");
    }
}
