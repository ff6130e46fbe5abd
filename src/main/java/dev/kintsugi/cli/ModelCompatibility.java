package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.SavedModel;

import java.util.Arrays;

/** Catches a model/data mismatch with a clear message before the engine fails obscurely. */
final class ModelCompatibility {
    private ModelCompatibility() {
    }

    static void check(SavedModel model, Dataset data) {
        ArchitectureSpec spec = model.network().spec();
        if (!Arrays.equals(spec.inputShape(), data.sampleShape())) {
            throw new KintsugiException("model " + model.directory() + " expects inputs of shape "
                    + Arrays.toString(spec.inputShape()) + " but " + data.name() + " has "
                    + Arrays.toString(data.sampleShape()));
        }
        if (spec.numClasses() != data.numClasses()) {
            throw new KintsugiException("model " + model.directory() + " has " + spec.numClasses() + " classes but "
                    + data.name() + " has " + data.numClasses());
        }
    }
}
