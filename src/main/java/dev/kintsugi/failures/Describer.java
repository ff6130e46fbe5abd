package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;

import java.util.List;

/**
 * Assigns each image one phrase from a vocabulary of candidate contexts, zero-shot, as CLIP does in
 * Chegini &amp; Feizi's framework (prompt "a photo of a {class} on {context}"). The image's label names its
 * class; a describer may use it (CLIP's prompt does) or ignore it (the built-in background describer does).
 */
public interface Describer {
    /** A short name for reports and the CLI, e.g. {@code "background-prototypes"} or {@code "clip-onnx"}. */
    String name();

    /** One description per sample of {@code images}, in order. */
    List<Description> describe(Dataset images, List<String> contexts);
}
