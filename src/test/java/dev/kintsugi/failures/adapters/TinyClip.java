package dev.kintsugi.failures.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a tiny stand-in for CLIP's encoders in the layout {@link ClipOnnxDescriber} reads, with weights
 * chosen so that the right answer is known: the image encoder takes {@code [batch, 3, 8, 8]} and returns the
 * mean of each normalised colour channel (Flatten + MatMul); the text encoder sums word embeddings under the
 * attention mask (Gather, Cast, Unsqueeze, Mul, ReduceSum), and only the context words have embeddings:
 * each one is the image embedding of a plain image of that colour (grass green, sky blue, brick red, snow
 * white). So the describer must pick the context whose colour fills most of the image.
 */
final class TinyClip {
    static final int SIZE = 8;
    static final List<String> VOCAB = List.of("<pad>", "<unk>", "<s>", "</s>", "a", "photo", "of", "on",
            "shirt", "trouser", "grass", "sky", "brick", "wall", "snow");
    /** What each context word means, as an RGB colour in [0, 1]. */
    static final Map<String, float[]> COLOURS = Map.of(
            "grass", new float[] {0, 1, 0},
            "sky", new float[] {0, 0, 1},
            "brick", new float[] {1, 0, 0},
            "snow", new float[] {1, 1, 1});

    private TinyClip() {
    }

    /**
     * Writes image.onnx, text.onnx and tokenizer.json into {@code dir}. With {@code staticLength > 0} the
     * text encoder has a fixed token length and no attention-mask input (pad tokens then embed to zero);
     * otherwise its length is dynamic, it takes the mask, {@code clip.json} sets the pad token to
     * {@code <pad>}, whose embedding is large, so a describer that ignored the mask would pick wrongly.
     */
    static void write(Path dir, int staticLength) throws IOException {
        imageEncoder().write(dir.resolve("image.onnx"));
        textEncoder(staticLength).write(dir.resolve("text.onnx"));
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson());
        if (staticLength <= 0) {
            Files.writeString(dir.resolve(ClipConfig.FILE), "{\"padTokenId\": 0}");
        }
    }

    /** The image encoder's output for a plain image of {@code rgb}: CLIP-normalised channel means. */
    static float[] embedding(float[] rgb) {
        float[] e = new float[3];
        for (int c = 0; c < 3; c++) {
            e[c] = (float) ((rgb[c] - ClipConfig.CLIP_MEAN.get(c)) / ClipConfig.CLIP_STD.get(c));
        }
        return e;
    }

    private static OnnxGraph imageEncoder() {
        int pixels = SIZE * SIZE;
        float[] w = new float[3 * pixels * 3];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < pixels; p++) {
                w[(c * pixels + p) * 3 + c] = 1f / pixels;
            }
        }
        return new OnnxGraph()
                .input("pixel_values", OnnxGraph.FLOAT, -1, 3, SIZE, SIZE)
                .output("image_embeds", OnnxGraph.FLOAT, -1, 3)
                .floatInitializer("projection", w, 3L * pixels, 3)
                .node("Flatten", List.of("pixel_values"), List.of("flat"), "axis", 1)
                .node("MatMul", List.of("flat", "projection"), List.of("image_embeds"));
    }

    private static OnnxGraph textEncoder(int staticLength) {
        boolean masked = staticLength <= 0;
        float[] table = new float[VOCAB.size() * 3];
        for (int t = 0; t < VOCAB.size(); t++) {
            float[] rgb = COLOURS.get(VOCAB.get(t));
            float[] row = rgb != null ? embedding(rgb) : new float[3];
            if (t == 0 && masked) {
                row = new float[] {50, -50, -50};
            }
            System.arraycopy(row, 0, table, t * 3, 3);
        }
        long length = masked ? -1 : staticLength;
        OnnxGraph g = new OnnxGraph()
                .input("input_ids", OnnxGraph.INT64, -1, length)
                .output("text_embeds", OnnxGraph.FLOAT, -1, 3)
                .floatInitializer("embeddings", table, VOCAB.size(), 3)
                .longInitializer("sequence_axis", new long[] {1}, 1)
                .node("Gather", List.of("embeddings", "input_ids"), List.of("tokens"), "axis", 0);
        if (!masked) {
            return g.node("ReduceSum", List.of("tokens", "sequence_axis"), List.of("text_embeds"), "keepdims", 0);
        }
        return g.input("attention_mask", OnnxGraph.INT64, -1, -1)
                .longInitializer("feature_axis", new long[] {2}, 1)
                .node("Cast", List.of("attention_mask"), List.of("mask_float"), "to", OnnxGraph.FLOAT)
                .node("Unsqueeze", List.of("mask_float", "feature_axis"), List.of("mask_column"))
                .node("Mul", List.of("tokens", "mask_column"), List.of("kept"))
                .node("ReduceSum", List.of("kept", "sequence_axis"), List.of("text_embeds"), "keepdims", 0);
    }

    /** A word-level tokenizer in HuggingFace's format, adding start and end tokens as CLIP's does. */
    private static String tokenizerJson() {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < VOCAB.size(); i++) {
            vocab.append(i == 0 ? "" : ",").append('"').append(VOCAB.get(i)).append("\":").append(i);
        }
        return """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
                 "normalizer": {"type": "Lowercase"},
                 "pre_tokenizer": {"type": "Whitespace"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                              {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                   "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                   "special_tokens": {"<s>": {"id": "<s>", "ids": [2], "tokens": ["<s>"]},
                                      "</s>": {"id": "</s>", "ids": [3], "tokens": ["</s>"]}}},
                 "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {%s}, "unk_token": "<unk>"}}
                """.formatted(vocab);
    }
}
