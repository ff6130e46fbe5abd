package dev.kintsugi.model;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broken or hostile model directories: each is a one-line KintsugiException, never an internal error. */
class ModelDirectoryHostilityTest {
    private static Path saved(Path dir) {
        try (Network n = Network.create(ModelZoo.specFor("mlp", Map.of("hidden", "4"),
                dev.kintsugi.testing.TestData.blobs("b", 20, 3, 2, 1), false), 0)) {
            Path m = dir.resolve("m");
            ModelStore.save(n, dev.kintsugi.util.Provenance.of("test", "test"), m, false);
            return m;
        }
    }

    @Test
    void truncatedParametersSayTheyAreTruncated(@TempDir Path dir) throws IOException {
        Path m = saved(dir);
        byte[] p = Files.readAllBytes(m.resolve(ModelStore.PARAMETERS));
        Files.write(m.resolve(ModelStore.PARAMETERS), Arrays.copyOf(p, p.length / 2));
        assertThatThrownBy(() -> ModelStore.load(m)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("parameters.bin").hasMessageNotContaining("(null)").hasMessageNotContaining("()");
    }

    @Test
    void aSpecWhoseSizesDoNotMatchItsParametersIsRefused(@TempDir Path dir) throws IOException {
        Path m = saved(dir);
        Path spec = m.resolve(ModelStore.SPEC);
        Files.writeString(spec, Files.readString(spec).replace("\"hidden\" : \"4\"", "\"hidden\" : \"7\""));
        assertThatThrownBy(() -> ModelStore.load(m)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("parameters");
    }

    @Test
    void impossibleShapesAndZeroStdAreRefused(@TempDir Path dir) throws IOException {
        Path m = saved(dir);
        Path spec = m.resolve(ModelStore.SPEC);
        String original = Files.readString(spec);
        for (String shape : new String[] {"[ -3 ]", "[ 2000000000 ]", "[ 4096, 4096, 4096 ]"}) {
            Files.writeString(spec, original.replaceFirst("\"inputShape\" : \\[ 3 \\]", "\"inputShape\" : " + shape));
            assertThatThrownBy(() -> ModelStore.load(m)).as(shape).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("input shape");
        }
        assertThatThrownBy(() -> new ArchitectureSpec.Normalization(0.5, 0)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("positive finite std");
        assertThatThrownBy(() -> new ArchitectureSpec.Normalization(Double.NaN, 1)).isInstanceOf(KintsugiException.class);
    }

    @Test
    void aModelChangedAfterItWasSavedIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path m = saved(dir);
        dev.kintsugi.util.Provenance p = dev.kintsugi.util.Json.read(m.resolve(ModelStore.PROVENANCE),
                dev.kintsugi.util.Provenance.class);
        org.assertj.core.api.Assertions.assertThat(p.files).containsOnlyKeys(ModelStore.SPEC, ModelStore.PARAMETERS);
        ModelStore.load(m).close();

        // same length, still loadable: only the recorded checksum can tell
        byte[] bytes = Files.readAllBytes(m.resolve(ModelStore.PARAMETERS));
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 1] ^= 1;
        Files.write(m.resolve(ModelStore.PARAMETERS), flipped);
        assertThatThrownBy(() -> ModelStore.load(m)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("parameters.bin changed since it was saved")
                .hasMessageContaining(p.files.get(ModelStore.PARAMETERS).substring(0, 12))
                .hasMessageContaining("kintsugi provenance verify");
        Files.write(m.resolve(ModelStore.PARAMETERS), bytes);
        ModelStore.load(m).close();

        Path spec = m.resolve(ModelStore.SPEC);
        Files.writeString(spec, Files.readString(spec) + "\n");
        assertThatThrownBy(() -> ModelStore.load(m)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("spec.json changed since it was saved");
    }

    @Test
    void aModelSavedWithoutFileChecksumsStillLoads(@TempDir Path dir) throws IOException {
        Path m = saved(dir);
        Path provenance = m.resolve(ModelStore.PROVENANCE);
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(provenance.toFile());
        json.remove("files");
        Files.writeString(provenance, json.toString());
        Files.writeString(m.resolve(ModelStore.SPEC), Files.readString(m.resolve(ModelStore.SPEC)) + "\n");
        ModelStore.load(m).close();
    }

    @Test
    void aProvenanceThatNamesAFileOutsideItsFolderIsRefused(@TempDir Path dir) throws IOException {
        Path m = saved(dir);
        Path provenance = m.resolve(ModelStore.PROVENANCE);
        Files.writeString(provenance, Files.readString(provenance).replace("\"spec.json\" :", "\"../spec.json\" :"));
        assertThatThrownBy(() -> ModelStore.load(m)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("outside its folder");
    }
}
