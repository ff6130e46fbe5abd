package dev.kintsugi.cli;

import dev.kintsugi.model.SavedModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * Which saved model to use: a Kintsugi model directory, an ONNX file imported on the fly, or a TorchScript file
 * (what needs layers it does not show refuses it in one line).
 */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR|FILE.onnx|FILE.pt",
            description = "A Kintsugi model directory, an ONNX file or a TorchScript file (never modified).")
    Path model;

    @Mixin
    ExternalModelOptions external;

    SavedModel load() {
        return load(null);
    }

    /** Loads the model; an undeclared ONNX file takes {@code datasetClassNames} when their count fits. */
    SavedModel load(List<String> datasetClassNames) {
        return external.load(model, datasetClassNames);
    }
}
