package dev.kintsugi.model;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What Kintsugi must know about a model from outside, which a TorchScript file does not say: one
 * sample's input shape, the class names, the normalisation to apply to raw inputs before the model,
 * the raw value range (attacks clip to it) and, optionally, the module's output layer. Read from
 * {@code MODEL.pt.json} next to the file.
 *
 * @param inputShape    e.g. {@code [1, 28, 28]}
 * @param classNames    in output order
 * @param normalization scalar mean/std applied before the model, or null if the model expects raw inputs
 * @param bounds        {@code [min, max]} of raw inputs, default {@code [0, 1]}
 * @param head          the TorchScript module's output layer (a linear layer's name, e.g. {@code fc}; its input is
 *                      the module's {@code penultimate(x)} method), or null: see {@link TorchScriptLayers}
 */
public record InputDeclaration(int[] inputShape, List<String> classNames,
                               ArchitectureSpec.Normalization normalization, double[] bounds, String head) {

    public InputDeclaration {
        if (inputShape == null || inputShape.length == 0) {
            throw new KintsugiException("the input declaration needs inputShape, e.g. [1, 28, 28]");
        }
        if (classNames == null || classNames.isEmpty()) {
            throw new KintsugiException("the input declaration needs classNames");
        }
        ArchitectureSpec.checkInputShape(inputShape);
        if (bounds == null) {
            bounds = new double[] {0, 1};
        }
        if (bounds.length != 2 || !(bounds[0] < bounds[1])) {
            throw new KintsugiException("the input declaration's bounds must be [min, max] with min < max");
        }
        if (head != null && head.isBlank()) {
            throw new KintsugiException("the input declaration's head must name a linear layer, e.g. \"fc\"");
        }
        inputShape = inputShape.clone();
        classNames = List.copyOf(classNames);
    }

    /** A declaration without a head. */
    public InputDeclaration(int[] inputShape, List<String> classNames, ArchitectureSpec.Normalization normalization,
                            double[] bounds) {
        this(inputShape, classNames, normalization, bounds, null);
    }

    /** The declaration next to {@code model} ({@code model + ".json"}). */
    public static InputDeclaration besides(Path model) {
        Path json = Path.of(model + ".json");
        if (!Files.isRegularFile(json)) {
            throw new KintsugiException(model + " has no input declaration: write " + json
                    + " with inputShape, classNames and optionally normalization {mean, std}, bounds and head");
        }
        return Json.read(json, InputDeclaration.class);
    }
}
