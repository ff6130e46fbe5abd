package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;

/**
 * Makes images for a phrase "{class} on {context}": the paper uses Stable Diffusion; the built-in generator
 * composites training items of the class onto the named background. The returned images are labelled with
 * {@code classIndex}, carry the context as their {@code background} attribute and match the model's input shape.
 */
public interface Generator {
    String name();

    /** {@code count} images of class {@code classIndex} in {@code context}, deterministic for a seed. */
    Dataset generate(String className, int classIndex, String context, int count, long seed);
}
