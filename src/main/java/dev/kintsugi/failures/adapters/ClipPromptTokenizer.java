package dev.kintsugi.failures.adapters;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns prompts into the text encoder's inputs with the user's HuggingFace {@code tokenizer.json} (CLIP's
 * byte-level BPE; its post-processor adds the start and end tokens). Padding is done here, not by the
 * tokenizer file, so the length and pad id are explicit: every row is padded to {@code length} (or the
 * longest prompt) with {@code padTokenId}, or by repeating its end token as HuggingFace's CLIP tokenizer does,
 * and the attention mask marks the real tokens with 1.
 */
final class ClipPromptTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final Path file;

    /** Token ids and attention mask, both {@code [rows, length]} flattened row-major. */
    record Tokens(long[] ids, long[] mask, int rows, int length) {
    }

    ClipPromptTokenizer(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KintsugiException(file + ": no such tokenizer file (expected a HuggingFace tokenizer.json)");
        }
        this.file = file;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(file,
                    Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new KintsugiException(file + ": not a HuggingFace tokenizer.json (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Encodes {@code prompts}, padded to {@code fixedLength}, or to the longest prompt when it is null.
     * A prompt longer than {@code fixedLength} is refused rather than cut, since cutting would drop the end
     * token CLIP pools on.
     */
    Tokens encode(List<String> prompts, Integer fixedLength, Long padTokenId) {
        long[][] rows = new long[prompts.size()][];
        int longest = 0;
        for (int i = 0; i < prompts.size(); i++) {
            Encoding e = tokenizer.encode(prompts.get(i), true, false);
            rows[i] = e.getIds();
            longest = Math.max(longest, rows[i].length);
        }
        int length = fixedLength == null ? longest : fixedLength;
        long[] ids = new long[rows.length * length];
        long[] mask = new long[rows.length * length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length > length) {
                throw new KintsugiException("the prompt \"" + prompts.get(i) + "\" has " + rows[i].length
                        + " tokens, more than the text encoder's " + length + " (" + file.getFileName() + ")");
            }
            if (rows[i].length == 0) {
                throw new KintsugiException(file.getFileName() + " turned the prompt \"" + prompts.get(i)
                        + "\" into no tokens");
            }
            long pad = padTokenId != null ? padTokenId : rows[i][rows[i].length - 1];
            for (int j = 0; j < length; j++) {
                boolean real = j < rows[i].length;
                ids[i * length + j] = real ? rows[i][j] : pad;
                mask[i * length + j] = real ? 1 : 0;
            }
        }
        return new Tokens(ids, mask, rows.length, length);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
