package dev.kintsugi.failures.adapters;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The optional {@code clip.json} of a CLIP encoders folder; every field has a default that fits the
 * {@code torch.onnx} export described in the README (OpenAI's ViT-B/32 through HuggingFace transformers).
 *
 * @param imageModel    the image encoder's file, relative to the folder
 * @param textModel     the text encoder's file
 * @param tokenizer     a HuggingFace {@code tokenizer.json} (CLIP's BPE, with its start/end tokens)
 * @param imageInput    the image encoder's input: float {@code [batch, 3, size, size]}, CLIP-normalised
 * @param imageOutput   the image encoder's output: float {@code [batch, dim]}
 * @param inputIds      the text encoder's token input: int64 {@code [batch, length]}
 * @param attentionMask the text encoder's mask input: int64 {@code [batch, length]}; sent only if the model
 *                      has an input of that name
 * @param textOutput    the text encoder's output: float {@code [batch, dim]}
 * @param imageSize     side of the square input; null reads it from the image encoder's input shape
 * @param textLength    token length to pad to; null uses the text encoder's static length if it has one,
 *                      else the longest prompt
 * @param padTokenId    id used for padding; null pads with each prompt's last token, the end token that
 *                      CLIP's tokenizer appends ({@code <|endoftext|>}, 49407), as HuggingFace's CLIP does
 * @param mean          per-channel mean subtracted after scaling pixels to [0, 1] (CLIP's by default)
 * @param std           per-channel standard deviation divided by (CLIP's by default)
 * @param prompt        the text prompt, with {@code {class}} and {@code {context}} placeholders
 * @param batchSize     images per encoder call
 */
public record ClipConfig(String imageModel, String textModel, String tokenizer, String imageInput,
                         String imageOutput, String inputIds, String attentionMask, String textOutput,
                         Integer imageSize, Integer textLength, Long padTokenId, List<Double> mean,
                         List<Double> std, String prompt, Integer batchSize) {
    public static final String FILE = "clip.json";
    public static final String DEFAULT_PROMPT = "a photo of a {class} on {context}";
    static final List<Double> CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    static final List<Double> CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    public ClipConfig {
        imageModel = orDefault(imageModel, "image.onnx");
        textModel = orDefault(textModel, "text.onnx");
        tokenizer = orDefault(tokenizer, "tokenizer.json");
        imageInput = orDefault(imageInput, "pixel_values");
        imageOutput = orDefault(imageOutput, "image_embeds");
        inputIds = orDefault(inputIds, "input_ids");
        attentionMask = orDefault(attentionMask, "attention_mask");
        textOutput = orDefault(textOutput, "text_embeds");
        mean = List.copyOf(mean == null ? CLIP_MEAN : mean);
        std = List.copyOf(std == null ? CLIP_STD : std);
        prompt = orDefault(prompt, DEFAULT_PROMPT);
        batchSize = batchSize == null ? 32 : batchSize;
        if (mean.size() != 3 || std.size() != 3) {
            throw new KintsugiException(FILE + ": mean and std need 3 values (R, G, B), got " + mean.size()
                    + " and " + std.size());
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new KintsugiException(FILE + ": std values must be positive, got " + std);
        }
        if (imageSize != null && imageSize < 1 || textLength != null && textLength < 1 || batchSize < 1) {
            throw new KintsugiException(FILE + ": imageSize, textLength and batchSize must be positive");
        }
        if (!prompt.contains("{context}")) {
            throw new KintsugiException(FILE + ": the prompt must contain {context}, got \"" + prompt + "\"");
        }
    }

    /** All defaults. */
    public static ClipConfig defaults() {
        return new ClipConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** {@code folder/clip.json} if there is one, else the defaults. */
    public static ClipConfig in(Path folder) {
        Path file = folder.resolve(FILE);
        return Files.isRegularFile(file) ? Json.read(file, ClipConfig.class) : defaults();
    }

    /** The prompt for one class and context. */
    public String promptFor(String className, String context) {
        return prompt.replace("{class}", className).replace("{context}", context);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
