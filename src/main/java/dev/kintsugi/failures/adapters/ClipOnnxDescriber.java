package dev.kintsugi.failures.adapters;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.failures.Describer;
import dev.kintsugi.failures.Description;
import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot context description with CLIP, as Chegini &amp; Feizi do with ViT-B/32: for an image of class
 * {@code c}, every context {@code b} becomes the prompt "a photo of a {c} on {b}", and the image gets the
 * context whose prompt embedding has the highest cosine similarity with the image embedding. Scores are
 * those cosine similarities (CLIP's softmax over 100 x cosine would pick the same context).
 *
 * <p>The encoders are the user's ONNX files, run by ONNX Runtime through DJL; the folder layout, the
 * expected signatures and {@code clip.json} are described in {@link ClipConfig} and the README:
 * {@code image.onnx} (float {@code [batch, 3, S, S]} to float {@code [batch, D]}), {@code text.onnx}
 * (int64 {@code input_ids} and optional {@code attention_mask} {@code [batch, L]} to float
 * {@code [batch, D]}) and {@code tokenizer.json}. Close it to free the native sessions.
 */
public final class ClipOnnxDescriber implements Describer, AutoCloseable {
    private final ClipConfig config;
    private final OnnxEncoder imageEncoder;
    private final OnnxEncoder textEncoder;
    private final ClipPromptTokenizer tokenizer;
    private final ClipImagePreprocessor preprocessor;
    private final Integer textLength;
    private final PrintStream log;

    private ClipOnnxDescriber(Path folder, ClipConfig config, PrintStream log) {
        this.config = config;
        this.log = log == null ? new PrintStream(OutputStream.nullOutputStream()) : log;
        OnnxEncoder image = null;
        OnnxEncoder text = null;
        ClipPromptTokenizer tok = null;
        try {
            image = new OnnxEncoder(folder.resolve(config.imageModel()));
            text = new OnnxEncoder(folder.resolve(config.textModel()));
            tok = new ClipPromptTokenizer(folder.resolve(config.tokenizer()));
            this.preprocessor = new ClipImagePreprocessor(imageSize(image, config), config.mean(), config.std());
            this.textLength = textLength(text, config);
        } catch (RuntimeException e) {
            closeAll(image, text, tok);
            throw e;
        }
        this.imageEncoder = image;
        this.textEncoder = text;
        this.tokenizer = tok;
    }

    /**
     * Opens the encoders in {@code folder} ({@code image.onnx}, {@code text.onnx}, {@code tokenizer.json} and
     * an optional {@code clip.json}); progress goes to {@code log} (may be null).
     */
    public static ClipOnnxDescriber open(Path folder, PrintStream log) {
        if (!Files.isDirectory(folder)) {
            throw new KintsugiException(folder + ": not a folder of CLIP encoders (expected image.onnx, text.onnx, "
                    + "tokenizer.json)");
        }
        return new ClipOnnxDescriber(folder, ClipConfig.in(folder), log);
    }

    @Override
    public String name() {
        return "clip-onnx";
    }

    /** The side of the square images the image encoder takes. */
    public int imageSize() {
        return preprocessor.size();
    }

    @Override
    public List<Description> describe(Dataset images, List<String> contexts) {
        if (contexts.isEmpty()) {
            throw new KintsugiException("the CLIP describer needs at least one candidate context");
        }
        int[] shape = images.sampleShape();
        ClipImagePreprocessor.checkShape(shape);
        Map<Integer, float[][]> promptsByClass = new HashMap<>();
        List<Description> out = new ArrayList<>(images.size());
        int batch = config.batchSize();
        try (ProgressBar bar = ProgressBars.create("clip: describing", images.size(), log)) {
            for (int start = 0; start < images.size(); start += batch) {
                int end = Math.min(images.size(), start + batch);
                float[][] embeddings = imageEmbeddings(images, start, end);
                for (int i = start; i < end; i++) {
                    int label = images.label(i);
                    float[][] prompts = promptsByClass.computeIfAbsent(label,
                            c -> textEmbeddings(images.classNames().get(c), contexts));
                    out.add(best(embeddings[i - start], prompts, contexts));
                }
                bar.stepTo(end);
            }
        }
        return out;
    }

    /** Unit-length embeddings of the prompts for {@code className} and each context, in order. */
    float[][] textEmbeddings(String className, List<String> contexts) {
        List<String> prompts = contexts.stream().map(c -> config.promptFor(className, c)).toList();
        ClipPromptTokenizer.Tokens tokens = tokenizer.encode(prompts, textLength, config.padTokenId());
        List<OnnxEncoder.Input> inputs = new ArrayList<>();
        inputs.add(OnnxEncoder.Input.longs(config.inputIds(), tokens.ids(), tokens.rows(), tokens.length()));
        if (textEncoder.inputNames().contains(config.attentionMask())) {
            inputs.add(OnnxEncoder.Input.longs(config.attentionMask(), tokens.mask(), tokens.rows(),
                    tokens.length()));
        }
        return unitRows(textEncoder.run(inputs, config.textOutput()));
    }

    private float[][] imageEmbeddings(Dataset images, int start, int end) {
        int size = preprocessor.size();
        int per = 3 * size * size;
        float[] pixels = new float[(end - start) * per];
        int[] shape = images.sampleShape();
        for (int i = start; i < end; i++) {
            System.arraycopy(preprocessor.apply(images.sample(i), shape), 0, pixels, (i - start) * per, per);
        }
        return unitRows(imageEncoder.run(
                List.of(OnnxEncoder.Input.floats(config.imageInput(), pixels, end - start, 3, size, size)),
                config.imageOutput()));
    }

    private Description best(float[] image, float[][] prompts, List<String> contexts) {
        if (prompts[0].length != image.length) {
            throw new KintsugiException("CLIP's image embeddings have " + image.length + " values but its text "
                    + "embeddings " + prompts[0].length + ": the two encoders do not belong together");
        }
        List<Double> scores = new ArrayList<>(prompts.length);
        int best = 0;
        for (int k = 0; k < prompts.length; k++) {
            double dot = 0;
            for (int d = 0; d < image.length; d++) {
                dot += (double) image[d] * prompts[k][d];
            }
            scores.add(dot);
            if (dot > scores.get(best)) {
                best = k;
            }
        }
        return new Description(contexts.get(best), scores);
    }

    private static float[][] unitRows(float[][] rows) {
        for (float[] row : rows) {
            double norm = 0;
            for (float v : row) {
                norm += (double) v * v;
            }
            double scale = norm > 0 ? 1.0 / Math.sqrt(norm) : 0.0;
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) (row[d] * scale);
            }
        }
        return rows;
    }

    private static int imageSize(OnnxEncoder image, ClipConfig config) {
        if (config.imageSize() != null) {
            return config.imageSize();
        }
        long[] shape = image.inputShapes().get(config.imageInput());
        if (shape == null || shape.length != 4 || shape[2] < 1 || shape[2] != shape[3]) {
            throw new KintsugiException(image.file() + ": cannot read a square image size from input '"
                    + config.imageInput() + "'; set \"imageSize\" in " + ClipConfig.FILE);
        }
        return (int) shape[2];
    }

    private static Integer textLength(OnnxEncoder text, ClipConfig config) {
        if (config.textLength() != null) {
            return config.textLength();
        }
        long[] shape = text.inputShapes().get(config.inputIds());
        if (shape == null) {
            throw new KintsugiException(text.file() + " has no input '" + config.inputIds() + "' (it has: "
                    + String.join(", ", text.inputNames()) + "); set \"inputIds\" in " + ClipConfig.FILE);
        }
        return shape.length == 2 && shape[1] > 0 ? Integer.valueOf((int) shape[1]) : null;
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // already failing; the original exception is the one to report
                }
            }
        }
    }

    @Override
    public void close() {
        closeAll(tokenizer, textEncoder, imageEncoder);
    }
}
