package dev.kintsugi.model.onnx;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Engines;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An ONNX file run by ONNX Runtime (DJL's OnnxRuntime engine, named explicitly so PyTorch stays the default):
 * the reference Kintsugi's import and export are checked against. One float input, first output back.
 */
public final class OnnxRuntimeRunner implements AutoCloseable {
    private final Path file;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    public OnnxRuntimeRunner(Path file) {
        this.file = file;
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath()).optEngine("OnnxRuntime").optTranslator(new NoopTranslator())
                .optOption("intraOpNumThreads", Integer.toString(Engines.threads()))
                .optOption("interOpNumThreads", "1").build();
        try {
            model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | EngineException e) {
            throw new KintsugiException(file + ": ONNX Runtime cannot load it (" + e.getMessage() + ")", e);
        }
        predictor = model.newPredictor();
    }

    /** The first output for {@code input} of shape {@code shape}, row-major. */
    public float[] run(float[] input, long[] shape) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(input, new Shape(shape));
            return predictor.predict(new NDList(x)).get(0).toFloatArray();
        } catch (TranslateException | EngineException e) {
            throw new KintsugiException(file + ": ONNX Runtime failed (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
