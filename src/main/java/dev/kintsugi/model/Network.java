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
import ai.djl.pytorch.engine.PtSymbolBlock;
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
import java.nio.file.Path;
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
    /** The architecture name of a network around a TorchScript module from outside. */
    public static final String TORCHSCRIPT = "torchscript";

    private final ArchitectureSpec spec;
    private final Model model;
    private final SequentialBlock block;
    private final ParameterStore parameterStore;
    private final List<Layer> layers;
    /** The TorchScript module this network runs, or null for a network built from the zoo or ONNX. */
    private final TorchScriptLayers module;

    private Network(ArchitectureSpec spec, Model model, SequentialBlock block, TorchScriptLayers module) {
        this.spec = spec;
        this.model = model;
        this.block = block;
        this.module = module;
        this.parameterStore = new ParameterStore(model.getNDManager(), false);
        this.layers = describeLayers(block);
    }

    /** A freshly initialised network; the seed fixes its initial parameters. */
    public static Network create(ArchitectureSpec spec, long seed) {
        Engines.seed(seed);
        return build(spec);
    }

    /**
     * A trainable network around the TorchScript module in {@code file} (audited before it loads): its parameters
     * are the module's own tensors, so training changes the module and {@link #writeParameters} writes it back as
     * TorchScript. Its layers are opaque: it is one layer holding every parameter, and what needs layers
     * ({@link #features}, taps, {@link #headIndex}) says so in one line. With a declared head
     * ({@link InputDeclaration#head()}) it is two layers, body and output layer (see {@link TorchScriptLayers}),
     * and what needs only the output layer and its input works too.
     */
    public static Network torchScript(Path file, InputDeclaration declaration) {
        ArchitectureSpec spec = new ArchitectureSpec(TORCHSCRIPT, declaration.head() == null ? Map.of()
                : Map.of(HEAD_OPTION, declaration.head()), declaration.inputShape(), declaration.normalization(),
                declaration.classNames());
        return wrap(spec, TorchScriptModules.open(file), file.toString());
    }

    /** The spec option of a TorchScript network that names its declared head. */
    public static final String HEAD_OPTION = "head";

    private static Network wrap(ArchitectureSpec spec, Model model, String source) {
        TorchScriptLayers layers;
        try {
            layers = new TorchScriptLayers((PtSymbolBlock) model.getBlock(), model.getName(),
                    spec.option(HEAD_OPTION), spec.numClasses());
        } catch (RuntimeException e) {
            model.close();
            throw new KintsugiException(source + ": " + TorchScriptModules.firstLine(e), e);
        }
        SequentialBlock block = new SequentialBlock();
        layers.blocks().forEach(block::add);
        Network n = new Network(spec, model, block, layers);
        try (NDManager m = model.getNDManager().newSubManager()) {
            // probe passes: a module that does not take this shape, gives another class count, or whose declared
            // head is not what its forward ends in fails here, in one line, not in the middle of a repair
            float[] probe = new float[4 * (int) n.batchShape(1).size()];
            java.util.Random r = new java.util.Random(0);
            for (int i = 0; i < probe.length; i++) {
                probe[i] = r.nextFloat();
            }
            NDArray x = m.create(probe, n.batchShape(4));
            n.forward(x, false);
            layers.checkHead(n.normalize(x));
        } catch (RuntimeException e) {
            n.close();
            throw new KintsugiException(source + ": " + TorchScriptModules.firstLine(e), e);
        }
        n.enableGradients();
        return n;
    }

    /** A network whose parameters are read from {@code in} (the format {@link #writeParameters} writes). */
    public static Network load(ArchitectureSpec spec, InputStream in) throws IOException {
        if (TORCHSCRIPT.equals(spec.architecture())) {
            // the parameters are the whole module (what torch.jit.save writes), audited like any .pt
            return wrap(spec, TorchScriptModules.open(in.readAllBytes(), "the TorchScript model"), "the TorchScript "
                    + "model");
        }
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
        int[] dims = spec.inputShape();
        long[] input = new long[dims.length + 1];
        input[0] = 1;
        for (int i = 0; i < dims.length; i++) {
            input[i + 1] = dims[i];
        }
        ParameterBudget.require(spec.architecture(), ModelZoo.build(spec), new Shape(input));
        Model model = Model.newInstance(spec.architecture(), ai.djl.Device.cpu(), "PyTorch");
        model.setBlock(block);
        int[] in = spec.inputShape();
        long[] shape = new long[in.length + 1];
        shape[0] = 1;
        for (int i = 0; i < in.length; i++) {
            shape[i + 1] = in[i];
        }
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(shape));
        Network n = new Network(spec, model, block, null);
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
        if (b instanceof PtSymbolBlock || b instanceof TorchScriptLayers.Body) {
            return "TorchScript";
        }
        if (b instanceof TorchScriptLayers.Head) {
            return "Linear"; // the module's own output layer, declared with --head-layer
        }
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

    /**
     * True when Kintsugi sees the output layer and its input: every zoo and ONNX network, and a TorchScript module
     * with a declared head.
     */
    public boolean hasOutputLayer() {
        return module == null || module.head() != null;
    }

    /** True for a network around a TorchScript module ({@link #torchScript}). */
    public boolean isTorchScript() {
        return module != null;
    }

    /**
     * Refuses, in one line, what needs every layer when this is a TorchScript module: approaches that only
     * fine-tune run on it, last-layer ones with a declared head, the others need an ONNX graph or a Kintsugi model.
     */
    public void requireLayers(String what) {
        if (module != null) {
            throw new KintsugiException(what + " needs every layer of the network, which a TorchScript model does not "
                    + "show Kintsugi; export it with torch.onnx.export and use the .onnx file (or a Kintsugi model). "
                    + "On TorchScript run finetune, pct or fsgmix, or with a declared head (--head-layer) arachne, "
                    + "care, genmunn, random or 3m");
        }
    }

    /** Refuses, in one line, what needs the output layer when this is a TorchScript module without a declared head. */
    public void requireOutputLayer(String what) {
        if (!hasOutputLayer()) {
            throw new KintsugiException(what + " needs the output layer, which a TorchScript model shows Kintsugi only "
                    + "when it is declared: give --head-layer NAME (its last linear layer) for a module with a method "
                    + TorchScriptLayers.PENULTIMATE + "(x) returning that layer's input (see README), or export it with "
                    + "torch.onnx.export and use the .onnx file; finetune, pct and fsgmix need neither");
        }
    }

    /** The module as {@code torch.jit.save} writes it, with the current parameter values, in eval mode. */
    public byte[] torchScriptArchive() {
        if (module == null) {
            throw new KintsugiException("--export torchscript needs a TorchScript model as input; "
                    + spec.architecture() + " is not one (Kintsugi writes TorchScript only for modules it loaded "
                    + "from TorchScript; use --export onnx for an ONNX model)");
        }
        return TorchScriptModules.archive(module.module());
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
        if (module != null) {
            return forwardModule(normalize(inputs), training);
        }
        return block.forward(parameterStore, new NDList(normalize(inputs)), training).singletonOrThrow();
    }

    /** A TorchScript module's forward pass on normalised inputs ({@link TorchScriptLayers#forward}): its logits. */
    private NDArray forwardModule(NDArray x, boolean training) {
        NDArray logits = module.forward(x, training);
        if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != numClasses()) {
            throw new KintsugiException("the TorchScript model returned shape " + logits.getShape() + " for inputs "
                    + x.getShape() + " but " + numClasses() + " classes were declared");
        }
        return logits;
    }

    /**
     * Every layer's output for a batch, in layer order (the last one is the network's output). Inference
     * mode: dropout off, batch norm uses its running statistics.
     */
    public List<NDArray> forwardWithTaps(NDArray inputs) {
        requireOutputLayer("reading every layer's output");
        if (module != null) {
            // a TorchScript module with a declared head: its body's output (the head's input), then the logits
            NDArray f = module.penultimate(normalize(inputs));
            return new ArrayList<>(List.of(f, module.output(f)));
        }
        List<NDArray> taps = new ArrayList<>(layers.size());
        NDList x = new NDList(normalize(inputs));
        NDArray splitInput = null;
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            if (i++ == splitLayer()) {
                splitInput = x.singletonOrThrow();
            }
            x = PatchedSequentialBlock.step(child.getValue(), parameterStore, x, splitInput, false);
            taps.add(x.singletonOrThrow());
        }
        return taps;
    }

    /**
     * Penultimate features: the input of the last layer with parameters (the linear output layer), as a
     * {@code [batch, features]} matrix.
     */
    public NDArray features(NDArray inputs) {
        requireOutputLayer("penultimate features");
        NDArray f = activationsBefore(headIndex(), inputs);
        return f.reshape(f.getShape().get(0), -1);
    }

    /** The input of layer {@code layer} (the output of layers {@code 0..layer-1}), in inference mode. */
    public NDArray activationsBefore(int layer, NDArray inputs) {
        return activationsBefore(layer, inputs, false);
    }

    /**
     * The input of layer {@code layer}; with {@code training} batch norm uses (and updates) batch statistics
     * and dropout is on, for approaches that train through part of the network. A TorchScript module with a
     * declared head has two layers (body, head) and runs its body in the mode it was exported in.
     */
    public NDArray activationsBefore(int layer, NDArray inputs, boolean training) {
        requireOutputLayer("reading a layer's input");
        if (module != null) {
            return switch (layer) {
                case 0 -> normalize(inputs);
                case 1 -> module.penultimate(normalize(inputs));
                default -> throw new KintsugiException("layer " + layer + " does not exist; the network has layers 0..1");
            };
        }
        NDList x = new NDList(normalize(inputs));
        NDArray splitInput = null;
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            if (i == splitLayer()) {
                splitInput = x.singletonOrThrow();
            }
            if (i++ == layer) {
                break;
            }
            x = PatchedSequentialBlock.step(child.getValue(), parameterStore, x, splitInput, training);
        }
        return x.singletonOrThrow();
    }

    /** Runs layers {@code layer..end} on {@code activation} (the input of layer {@code layer}): the logits. */
    public NDArray forwardFrom(int layer, NDArray activation, boolean training) {
        requireOutputLayer("running the network from a layer on");
        if (module != null) {
            return switch (layer) {
                case 0 -> forwardModule(activation, training);
                case 1 -> module.output(activation);
                default -> throw new KintsugiException("layer " + layer + " does not exist; the network has layers 0..1");
            };
        }
        if (splitLayer() >= 0 && layer > splitLayer()) {
            throw new KintsugiException("this model carries a REASSURE patch that reads the input of layer "
                    + splitLayer() + "; it cannot be run from layer " + layer);
        }
        NDList x = new NDList(activation);
        NDArray splitInput = null;
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            if (i == splitLayer()) {
                splitInput = x.singletonOrThrow();
            }
            if (i++ >= layer) {
                x = PatchedSequentialBlock.step(child.getValue(), parameterStore, x, splitInput, training);
            }
        }
        return x.singletonOrThrow();
    }

    /** Index of the output layer: the last layer that has parameters. */
    public int headIndex() {
        requireOutputLayer("finding the output layer");
        for (int i = layers.size() - 1; i >= 0; i--) {
            // a REASSURE patch has parameters but is not the output layer: it adds to the head's logits
            if (layers.get(i).hasParameters() && !layers.get(i).kind().equals("ReassurePatch")) {
                return i;
            }
        }
        throw new IllegalStateException(spec.architecture() + " has no layer with parameters");
    }

    /** The layer whose input a REASSURE patch reads, or -1 when the model carries no patch. */
    public int splitLayer() {
        return block instanceof PatchedSequentialBlock p ? p.splitLayer() : -1;
    }

    private NDArray normalize(NDArray x) {
        ArchitectureSpec.Normalization n = spec.normalization();
        if (n == null) {
            return x;
        }
        return Scalars.div(x.sub((float) n.mean()), n.std());
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
        if (count > 0) {
            requireOutputLayer("freezing the first " + count + " layers");
        }
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
    public FrozenParameters freezeParameters() {
        return ParameterGradients.freeze(block);
    }

    @Override
    public void zeroGradients() {
        ParameterGradients.zero(block);
    }

    // ---- persistence and copies -------------------------------------------------------------------

    /**
     * Every parameter, in DJL's format; for a TorchScript network the whole module as {@code torch.jit.save}
     * writes it (its buffers, such as batch-norm statistics, included).
     */
    public void writeParameters(OutputStream out) throws IOException {
        if (module != null) {
            out.write(TorchScriptModules.archive(module.module()));
            out.flush();
            return;
        }
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

    /**
     * Puts back a checkpoint from {@link #snapshot()}, in place (the optimiser keeps its references). For a
     * TorchScript network that is its parameters; its buffers (batch-norm running statistics) keep their current
     * values, because DJL reaches only a module's parameters.
     */
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
