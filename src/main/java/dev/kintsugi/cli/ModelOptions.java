package dev.kintsugi.cli;

import dev.kintsugi.model.SavedModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Which saved model to use: a Kintsugi model directory, or an ONNX file imported on the fly. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR|FILE.onnx",
            description = "A Kintsugi model directory or an ONNX file (never modified).")
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
