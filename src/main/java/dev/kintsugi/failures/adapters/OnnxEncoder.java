package dev.kintsugi.failures.adapters;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX model run through DJL with the ONNX Runtime engine, named explicitly so that PyTorch stays DJL's
 * default engine for everything else. Inputs go in by name; one named output comes back as a float matrix
 * {@code [batch, dim]}. ONNX Runtime uses as many intra-op threads as Kintsugi's {@code --threads}.
 */
final class OnnxEncoder implements AutoCloseable {
    static final String ENGINE = "OnnxRuntime";

    private final Path file;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final List<String> inputNames;

    /** A named input: float or int64 values with their shape. */
    record Input(String name, Object values, long[] shape) {
        static Input floats(String name, float[] values, long... shape) {
            return new Input(name, values, shape);
        }

        static Input longs(String name, long[] values, long... shape) {
            return new Input(name, values, shape);
        }
    }

    OnnxEncoder(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KintsugiException(file + ": no such ONNX file");
        }
        this.file = file;
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine(ENGINE)
                .optTranslator(new NoopTranslator())
                .optOption("intraOpNumThreads", Integer.toString(Engines.threads()))
                .optOption("interOpNumThreads", "1")
                .build();
        try {
            model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | EngineException e) {
            throw new KintsugiException(file + ": not a loadable ONNX model (" + firstLine(e) + ")", e);
        }
        predictor = model.newPredictor();
        inputNames = List.copyOf(model.getBlock().describeInput().keys());
    }

    Path file() {
        return file;
    }

    List<String> inputNames() {
        return inputNames;
    }

    /**
     * The declared shape of each input, {@code -1} for a symbolic dimension. DJL does not expose it, so this
     * opens a second, short-lived ONNX Runtime session on the file; callers ask only when the config leaves
     * a size open.
     */
    Map<String, long[]> inputShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options)) {
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                if (e.getValue().getInfo() instanceof TensorInfo t) {
                    shapes.put(e.getKey(), t.getShape());
                }
            }
        } catch (OrtException e) {
            throw new KintsugiException(file + ": cannot read the input shapes (" + firstLine(e) + ")", e);
        }
        return shapes;
    }

    /** Runs the model on {@code inputs} and returns {@code output} as {@code [batch][dim]}. */
    float[][] run(List<Input> inputs, String output) {
        for (Input in : inputs) {
            if (!inputNames.contains(in.name())) {
                throw new KintsugiException(file + " has no input '" + in.name() + "' (it has: "
                        + String.join(", ", inputNames) + ")");
            }
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList list = new NDList();
            for (Input in : inputs) {
                NDArray array = in.values() instanceof float[] f
                        ? manager.create(f, new Shape(in.shape()))
                        : manager.create((long[]) in.values(), new Shape(in.shape()));
                array.setName(in.name());
                list.add(array);
            }
            NDList result = predictor.predict(list);
            List<String> names = new ArrayList<>();
            for (NDArray array : result) {
                names.add(array.getName());
                if (output.equals(array.getName())) {
                    return matrix(array, output);
                }
            }
            throw new KintsugiException(file + " has no output '" + output + "' (it has: "
                    + String.join(", ", names) + ")");
        } catch (TranslateException | EngineException | IllegalArgumentException e) {
            throw new KintsugiException(file + ": inference failed (" + firstLine(e) + ")", e);
        }
    }

    private float[][] matrix(NDArray array, String output) {
        Shape shape = array.getShape();
        if (shape.dimension() != 2) {
            throw new KintsugiException(file + ": output '" + output + "' should be [batch, dim], got " + shape);
        }
        if (array.getDataType() != DataType.FLOAT32) {
            throw new KintsugiException(file + ": output '" + output + "' should be float32, got "
                    + array.getDataType() + " (export the encoder in float32)");
        }
        float[] flat = array.toFloatArray();
        int rows = (int) shape.get(0);
        int cols = (int) shape.get(1);
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    private static String firstLine(Throwable e) {
        Throwable t = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
