package dev.kintsugi.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.kintsugi.KintsugiException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A classifier: a DJL sequential block built from an {@link ArchitectureSpec}, with its parameters.
 *
 * <p>The spec's input normalisation is applied inside {@link #forward}, so every caller (training,
 * prediction, attacks, gradients) works on raw inputs. Layers are the children of the top-level block;
 * they are what taps, weight access and freezing refer to by index.
 *
 * <p>Memory: every NDArray made here lives in a caller-supplied manager, usually a per-batch sub-manager
 * that the caller closes; results of operations on parameters are made from inputs first so they land in
 * that manager, not in the model's.
 */
public final class Network implements Classifier {
    private final ArchitectureSpec spec;
    private final Model model;
    private final SequentialBlock block;
    private final ParameterStore parameterStore;
    private final List<Layer> layers;

    private Network(ArchitectureSpec spec, Model model, SequentialBlock block) {
        this.spec = spec;
        this.model = model;
        this.block = block;
        this.parameterStore = new ParameterStore(model.getNDManager(), false);
        this.layers = describeLayers(block);
    }

    /** A freshly initialised network; the seed fixes its initial parameters. */
    public static Network create(ArchitectureSpec spec, long seed) {
        Engines.seed(seed);
        return build(spec);
    }

    /** A network whose parameters are read from {@code in} (the format {@link #writeParameters} writes). */
    public static Network load(ArchitectureSpec spec, InputStream in) throws IOException {
        Network n = build(spec);
        try {
            // DJL takes each stored array as it is; the spec's shapes are what the rest of Kintsugi trusts.
            java.util.Map<String, ai.djl.ndarray.types.Shape> expected = new java.util.LinkedHashMap<>();
            n.block.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
            n.block.loadParameters(n.model.getNDManager(), new DataInputStream(in));
            n.block.getParameters().forEach(p -> {
                ai.djl.ndarray.types.Shape got = p.getValue().getArray().getShape();
                if (!got.equals(expected.get(p.getKey()))) {
                    throw new KintsugiException("parameters do not match the spec: " + p.getKey() + " has shape " + got
                            + " but " + spec.architecture() + spec.options() + " needs " + expected.get(p.getKey()));
                }
            });
        } catch (ai.djl.MalformedModelException | RuntimeException e) {
            n.close();
            if (e instanceof KintsugiException k) {
                throw k;
            }
            throw new KintsugiException("parameters do not match architecture " + spec.architecture() + ": "
                    + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // DJL allocates each stored array (and shape) at the size its header declares before reading it;
            // a corrupt header asks for gigabytes in one allocation, which fails without holding anything
            n.close();
            throw new KintsugiException("the parameters declare an array larger than memory (a corrupt file, "
                    + "or a model too large for the heap): " + e.getMessage());
        }
        n.enableGradients();
        return n;
    }

    private static Network build(ArchitectureSpec spec) {
        Engines.engine();
        SequentialBlock block = ModelZoo.build(spec);
        Model model = Model.newInstance(spec.architecture(), ai.djl.Device.cpu(), "PyTorch");
        model.setBlock(block);
        int[] in = spec.inputShape();
        long[] shape = new long[in.length + 1];
        shape[0] = 1;
        for (int i = 0; i < in.length; i++) {
            shape[i + 1] = in[i];
        }
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(shape));
        Network n = new Network(spec, model, block);
        n.enableGradients();
        return n;
    }

    /** Parameters record gradients; grad mode is off outside a GradientCollector, so inference pays nothing. */
    private void enableGradients() {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (param.requiresGradient()) {
                param.getArray().setRequiresGradient(true);
            }
        }
    }

    private static List<Layer> describeLayers(SequentialBlock block) {
        List<Layer> out = new ArrayList<>();
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            Block b = child.getValue();
            List<Layer.ParameterInfo> params = new ArrayList<>();
            for (Pair<String, Parameter> p : b.getParameters()) {
                params.add(new Layer.ParameterInfo(p.getKey(), p.getValue().getArray().getShape().getShape()));
            }
            String kind = kindOf(b);
            out.add(new Layer(i, String.format(Locale.ROOT, "%02d-%s", i, kind.toLowerCase(Locale.ROOT)), kind,
                    List.copyOf(params)));
            i++;
        }
        return List.copyOf(out);
    }

    private static String kindOf(Block b) {
        if (b instanceof ai.djl.nn.LambdaBlock lambda) {
            return lambda.getName();
        }
        if (b instanceof ai.djl.nn.convolutional.Conv2d) {
            return "Conv2d"; // also the zoo's PaddedConv2d, which is a Conv2d with a kernel workaround
        }
        return b.getClass().getSimpleName();
    }

    public ArchitectureSpec spec() {
        return spec;
    }

    /** The DJL block, for code that needs the engine API directly. */
    public SequentialBlock block() {
        return block;
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public int[] inputShape() {
        return spec.inputShape();
    }

    @Override
    public List<String> classNames() {
        return spec.classNames();
    }

    /** Logits for a batch of raw inputs. */
    @Override
    public NDArray forward(NDArray inputs, boolean training) {
        return block.forward(parameterStore, new NDList(normalize(inputs)), training).singletonOrThrow();
    }

    /**
     * Every layer's output for a batch, in layer order (the last one is the network's output). Inference
     * mode: dropout off, batch norm uses its running statistics.
     */
    public List<NDArray> forwardWithTaps(NDArray inputs) {
        List<NDArray> taps = new ArrayList<>(layers.size());
        NDList x = new NDList(normalize(inputs));
        for (Pair<String, Block> child : block.getChildren()) {
            x = child.getValue().forward(parameterStore, x, false);
            taps.add(x.singletonOrThrow());
        }
        return taps;
    }

    /**
     * Penultimate features: the input of the last layer with parameters (the linear output layer), as a
     * {@code [batch, features]} matrix.
     */
    public NDArray features(NDArray inputs) {
        NDArray f = activationsBefore(headIndex(), inputs);
        return f.reshape(f.getShape().get(0), -1);
    }

    /** The input of layer {@code layer} (the output of layers {@code 0..layer-1}), in inference mode. */
    public NDArray activationsBefore(int layer, NDArray inputs) {
        NDList x = new NDList(normalize(inputs));
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            if (i++ == layer) {
                break;
            }
            x = child.getValue().forward(parameterStore, x, false);
        }
        return x.singletonOrThrow();
    }

    /** Runs layers {@code layer..end} on {@code activation} (the input of layer {@code layer}): the logits. */
    public NDArray forwardFrom(int layer, NDArray activation, boolean training) {
        NDList x = new NDList(activation);
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            if (i++ >= layer) {
                x = child.getValue().forward(parameterStore, x, training);
            }
        }
        return x.singletonOrThrow();
    }

    /** Index of the output layer: the last layer that has parameters. */
    public int headIndex() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).hasParameters()) {
                return i;
            }
        }
        throw new IllegalStateException(spec.architecture() + " has no layer with parameters");
    }

    private NDArray normalize(NDArray x) {
        ArchitectureSpec.Normalization n = spec.normalization();
        if (n == null) {
            return x;
        }
        return x.sub((float) n.mean()).div((float) n.std());
    }

    // ---- parameter access -------------------------------------------------------------------------

    private Parameter parameter(int layer, String name) {
        if (layer < 0 || layer >= layers.size()) {
            throw new KintsugiException("layer " + layer + " does not exist; the network has layers 0.."
                    + (layers.size() - 1));
        }
        Block b = block.getChildren().get(layer).getValue();
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue();
            }
        }
        throw new KintsugiException("layer " + layers.get(layer).name() + " has no parameter '" + name + "'");
    }

    /** A copy of one parameter's values, row-major. */
    public float[] parameterValues(int layer, String name) {
        return parameter(layer, name).getArray().toFloatArray();
    }

    /**
     * Overwrites one parameter in place. Must not be called while a gradient collector is open (PyTorch
     * forbids in-place edits of leaves that record gradients).
     */
    public void setParameterValues(int layer, String name, float[] values) {
        NDArray array = parameter(layer, name).getArray();
        if (values.length != array.size()) {
            throw new KintsugiException("layer " + layer + " parameter " + name + " has " + array.size()
                    + " values, got " + values.length);
        }
        array.set(values);
    }

    /** Every parameter value, layer by layer in {@link #layers()} order, as one vector. */
    public float[] flatParameters() {
        float[] out = new float[(int) parameterCount()];
        int at = 0;
        for (Layer layer : layers) {
            for (Layer.ParameterInfo p : layer.parameters()) {
                float[] v = parameterValues(layer.index(), p.name());
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
            }
        }
        return out;
    }

    /** Sets every parameter from a vector laid out as {@link #flatParameters()} returns it. */
    public void setFlatParameters(float[] values) {
        if (values.length != parameterCount()) {
            throw new KintsugiException("expected " + parameterCount() + " parameter values, got " + values.length);
        }
        int at = 0;
        for (Layer layer : layers) {
            for (Layer.ParameterInfo p : layer.parameters()) {
                float[] v = java.util.Arrays.copyOfRange(values, at, at + (int) p.size());
                setParameterValues(layer.index(), p.name(), v);
                at += v.length;
            }
        }
    }

    /** Freezes layers {@code 0..count-1} (no gradients, no updates) and unfreezes the rest. */
    public void freezePrefix(int count) {
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            child.getValue().freezeParameters(i < count);
            i++;
        }
    }

    /** Trainable parameters with their DJL ids (the optimiser's state keys). */
    public PairList<String, Parameter> trainableParameters() {
        PairList<String, Parameter> out = new PairList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getKey(), p.getValue());
            }
        }
        return out;
    }

    /** Gradient of the mean cross-entropy loss w.r.t. the inputs and every trainable parameter. */
    public record LossGradients(float loss, float[] inputGradient, Map<String, float[]> parameterGradients) {
    }

    /**
     * Computes loss gradients for a batch without changing any parameter. Opens a gradient collector, so
     * it must not be called from inside another one (DJL allows one per thread).
     */
    public LossGradients lossGradients(float[] inputs, int[] labels) {
        try (NDManager sub = manager().newSubManager()) {
            NDArray x = sub.create(inputs, batchShape(labels.length));
            NDArray y = sub.create(labels);
            x.setRequiresGradient(true);
            zeroGradients();
            float loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = Losses.crossEntropy(forward(x, false), y, null);
                loss = l.getFloat();
                gc.backward(l);
            }
            float[] inputGrad = x.getGradient().toFloatArray();
            Map<String, float[]> grads = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : trainableParameters()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    grads.put(p.getKey(), g.toFloatArray());
                }
            }
            zeroGradients();
            return new LossGradients(loss, inputGrad, grads);
        }
    }

    @Override
    public void zeroGradients() {
        ParameterGradients.zero(block);
    }

    // ---- persistence and copies -------------------------------------------------------------------

    public void writeParameters(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        block.saveParameters(data);
        data.flush();
    }

    /** A deep copy: same spec, same parameter values, independent storage. */
    public Network copy() {
        try {
            return load(spec, new ByteArrayInputStream(snapshot()));
        } catch (IOException e) {
            throw new IllegalStateException("copying parameters in memory failed", e);
        }
    }

    /** Every parameter (batch-norm statistics included) as bytes: an in-memory checkpoint. */
    public byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            writeParameters(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory checkpoint failed", e);
        }
    }

    /** Puts back a checkpoint from {@link #snapshot()}, in place (the optimiser keeps its references). */
    public void restore(byte[] checkpoint) {
        try (Network saved = load(spec, new ByteArrayInputStream(checkpoint))) {
            for (Layer layer : layers) {
                for (Layer.ParameterInfo p : layer.parameters()) {
                    setParameterValues(layer.index(), p.name(), saved.parameterValues(layer.index(), p.name()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("restoring a checkpoint failed", e);
        }
    }

    /** Total number of parameter values. */
    public long parameterCount() {
        long n = 0;
        for (Layer l : layers) {
            for (Layer.ParameterInfo p : l.parameters()) {
                n += p.size();
            }
        }
        return n;
    }

    @Override
    public void close() {
        model.close();
    }
}
