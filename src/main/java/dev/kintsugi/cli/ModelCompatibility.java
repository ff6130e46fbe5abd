package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Classifier;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.model.SavedModel;

import java.nio.file.Path;
import java.util.Arrays;

/** Catches a model/data mismatch with a clear message before the engine fails obscurely. */
final class ModelCompatibility {
    private ModelCompatibility() {
    }

    static void check(SavedModel model, Dataset data) {
        check(model.network(), model.directory(), data);
    }

    static void check(OpenedClassifier model, Dataset data) {
        check(model.classifier(), model.source(), data);
    }

    private static void check(Classifier model, Path source, Dataset data) {
        if (!Arrays.equals(model.inputShape(), data.sampleShape())) {
            throw new KintsugiException("model " + source + " expects inputs of shape "
                    + Arrays.toString(model.inputShape()) + " but " + data.name() + " has "
                    + Arrays.toString(data.sampleShape()));
        }
        if (model.numClasses() != data.numClasses()) {
            throw new KintsugiException("model " + source + " has " + model.numClasses() + " classes but "
                    + data.name() + " has " + data.numClasses());
        }
    }
}
