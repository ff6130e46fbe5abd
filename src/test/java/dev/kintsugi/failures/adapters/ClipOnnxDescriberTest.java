package dev.kintsugi.failures.adapters;

import ai.djl.engine.Engine;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.failures.Description;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipOnnxDescriberTest {
    private static final List<String> CONTEXTS = List.of("snow", "grass", "brick wall", "sky");
    private static final List<String> BACKGROUNDS = List.of("grass", "sky", "brick", "snow");

    /** Images of {@code shape} whose background has the colour of each name, with a grey item in the middle. */
    private static Dataset scenes(int[] shape, List<String> backgrounds) {
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        float[] x = new float[backgrounds.size() * c * h * w];
        int[] y = new int[backgrounds.size()];
        for (int i = 0; i < backgrounds.size(); i++) {
            float[] rgb = TinyClip.COLOURS.get(backgrounds.get(i));
            y[i] = i % 2;
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < h; r++) {
                    for (int col = 0; col < w; col++) {
                        boolean item = Math.abs(r - h / 2) < h / 6 && Math.abs(col - w / 2) < w / 6;
                        float bg = c == 1 ? (rgb[0] + rgb[1] + rgb[2]) / 3 : rgb[ch];
                        x[((i * c + ch) * h + r) * w + col] = item ? 0.5f : bg;
                    }
                }
            }
        }
        return new Dataset("scenes", shape, x, y, List.of("shirt", "trouser"));
    }

    @Test
    void picksTheContextWhosePromptMatchesTheImage(@TempDir Path dir) throws Exception {
        TinyClip.write(dir, 0);
        try (ClipOnnxDescriber clip = ClipOnnxDescriber.open(dir, null)) {
            assertThat(clip.imageSize()).as("read from the image encoder's input shape").isEqualTo(TinyClip.SIZE);
            List<Description> d = clip.describe(scenes(new int[] {3, 12, 16}, BACKGROUNDS), CONTEXTS);
            assertThat(d).extracting(Description::context).containsExactly("grass", "sky", "brick wall", "snow");
            for (Description one : d) {
                assertThat(one.scores()).hasSize(CONTEXTS.size());
                assertThat(one.scores().get(CONTEXTS.indexOf(one.context())))
                        .isEqualTo(one.scores().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                assertThat(one.scores()).allSatisfy(s -> assertThat(s).isBetween(-1.0001, 1.0001));
            }
        }
        assertThat(Engine.getDefaultEngineName()).as("ONNX Runtime is used by name only").isEqualTo("PyTorch");
    }

    @Test
    void greyImagesAreRepeatedToRgb(@TempDir Path dir) throws Exception {
        TinyClip.write(dir, 0);
        try (ClipOnnxDescriber clip = ClipOnnxDescriber.open(dir, null)) {
            List<Description> d = clip.describe(scenes(new int[] {1, 28, 28}, List.of("snow")),
                    List.of("grass", "snow", "brick"));
            assertThat(d).extracting(Description::context).containsExactly("snow");
        }
    }

    @Test
    void padsToTheTextEncodersFixedLengthAndRefusesLongerPrompts(@TempDir Path dir) throws Exception {
        TinyClip.write(dir, 12);
        try (ClipOnnxDescriber clip = ClipOnnxDescriber.open(dir, null)) {
            List<Description> d = clip.describe(scenes(new int[] {3, 8, 8}, BACKGROUNDS), CONTEXTS);
            assertThat(d).extracting(Description::context).containsExactly("grass", "sky", "brick wall", "snow");
            assertThatThrownBy(() -> clip.describe(scenes(new int[] {3, 8, 8}, List.of("sky")),
                    List.of("a sky of a sky of a sky")))
                    .isInstanceOf(KintsugiException.class).hasMessageContaining("more than the text encoder's 12");
        }
    }

    @Test
    void configNamesOutputsAndSizes(@TempDir Path dir) throws Exception {
        TinyClip.write(dir, 0);
        Files.writeString(dir.resolve("clip.json"), "{\"imageOutput\": \"features\", \"padTokenId\": 0}");
        assertThatThrownBy(() -> {
            try (ClipOnnxDescriber clip = ClipOnnxDescriber.open(dir, null)) {
                clip.describe(scenes(new int[] {3, 8, 8}, List.of("sky")), CONTEXTS);
            }
        }).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("has no output 'features' (it has: image_embeds)");

        Files.writeString(dir.resolve("clip.json"), "{\"imageSize\": 16, \"padTokenId\": 0}");
        try (ClipOnnxDescriber clip = ClipOnnxDescriber.open(dir, null)) {
            assertThat(clip.imageSize()).isEqualTo(16);
            assertThatThrownBy(() -> clip.describe(scenes(new int[] {3, 8, 8}, List.of("sky")), CONTEXTS))
                    .isInstanceOf(KintsugiException.class).hasMessageContaining("inference failed");
        }
    }

    @Test
    void badFoldersAndImagesAreRefusedWithOneLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ClipOnnxDescriber.open(dir.resolve("missing"), null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("not a folder of CLIP encoders");
        assertThatThrownBy(() -> ClipOnnxDescriber.open(dir, null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("image.onnx: no such ONNX file");
        TinyClip.write(dir, 0);
        Files.writeString(dir.resolve("text.onnx"), "not a model");
        assertThatThrownBy(() -> ClipOnnxDescriber.open(dir, null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("text.onnx: not a loadable ONNX model");
        TinyClip.write(dir, 0);
        try (ClipOnnxDescriber clip = ClipOnnxDescriber.open(dir, null)) {
            Dataset tabular = new Dataset("t", new int[] {4}, new float[4], new int[] {0}, List.of("a"));
            assertThatThrownBy(() -> clip.describe(tabular, CONTEXTS))
                    .isInstanceOf(KintsugiException.class).hasMessageContaining("needs images");
            assertThatThrownBy(() -> clip.describe(scenes(new int[] {3, 8, 8}, List.of("sky")), List.of()))
                    .isInstanceOf(KintsugiException.class).hasMessageContaining("at least one candidate context");
        }
    }
}
