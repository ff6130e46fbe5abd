package dev.kintsugi.cli;

import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which saved model to use. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "A Kintsugi model directory.")
    Path model;

    SavedModel load() {
        return ModelStore.load(model);
    }
}
