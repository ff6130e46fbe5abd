package dev.kintsugi.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.kintsugi.KintsugiException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers a TorchScript module shows Kintsugi. Without a declared head it is one opaque layer holding every
 * parameter: approaches that only fine-tune run on it. With a declared head ({@code --head-layer NAME}) it is two:
 * the body (every other parameter) and the output layer, a linear layer whose weight and bias are the module's own
 * {@code NAME.weight} [classes, features] and {@code NAME.bias} [classes] tensors, so last-layer approaches run too.
 *
 * <p>The convention a module with a head follows: a method {@value #PENULTIMATE}{@code (x)} (exported with
 * {@code @torch.jit.export}, or traced with {@code torch.jit.trace_module}) returns the head's input, and
 * {@code forward(x) == penultimate(x) @ NAME.weight.T + NAME.bias}. The declaration is checked when the module
 * loads: a name that is not a linear layer's, or a head that is not what {@code forward} ends in, is a one-line
 * error. Whatever changes the head's values changes the module's tensors in place, so the module written back
 * carries them.
 */
final class TorchScriptLayers {
    /** The method a module with a declared head must have: the output layer's input. */
    static final String PENULTIMATE = "penultimate";
    /** How far forward(x) and the head on penultimate(x) may differ on the probe inputs. */
    static final double HEAD_TOLERANCE = 1e-4;

    private final PtSymbolBlock module;
    private final String name;
    private final String head;
    private final Head headBlock;
    private final List<Block> blocks;

    TorchScriptLayers(PtSymbolBlock module, String name, String head, int classes) {
        this.module = module;
        this.name = name;
        this.head = head;
        if (head == null) {
            this.headBlock = null;
            this.blocks = List.of(module);
            return;
        }
        if (!Arrays.asList(JniUtils.getMethodNames(module)).contains(PENULTIMATE)) {
            throw new KintsugiException("the TorchScript model has no method " + PENULTIMATE + "(x), which a declared "
                    + "head needs (it returns the head's input; add it with @torch.jit.export, see README)");
        }
        ParameterList all = module.getDirectParameters();
        Parameter w = all.get(head + ".weight");
        Parameter b = all.get(head + ".bias");
        if (w == null || b == null) {
            throw new KintsugiException("the declared head '" + head + "' is not a linear layer of the TorchScript "
                    + "model: it has no " + head + ".weight and " + head + ".bias (its parameters: "
                    + String.join(", ", all.keys()) + ")");
        }
        Shape ws = w.getArray().getShape();
        Shape bs = b.getArray().getShape();
        if (ws.dimension() != 2 || ws.get(0) != classes || bs.dimension() != 1 || bs.get(0) != classes) {
            throw new KintsugiException("the declared head '" + head + "' has weight " + ws + " and bias " + bs
                    + "; an output layer for " + classes + " classes has weight [" + classes + ", features] and bias ["
                    + classes + "]");
        }
        Map<String, Parameter> body = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : all) {
            if (p.getValue() != w && p.getValue() != b) {
                body.put(p.getKey(), p.getValue());
            }
        }
        this.headBlock = new Head(w, b);
        this.blocks = List.of(new Body(body), headBlock);
    }

    /** The children of the network's sequential block: the module, or its body and its head. */
    List<Block> blocks() {
        return blocks;
    }

    PtSymbolBlock module() {
        return module;
    }

    /** The declared head's name, or null. */
    String head() {
        return head;
    }

    /**
     * The module's forward pass on normalised inputs, bounded by the {@link ForwardWatchdog} like any model from
     * outside. The module's mode is set on every call (train: dropout on, batch norm updates its statistics;
     * eval otherwise): it costs a walk over the submodules, and a mode left over from an export or a training step
     * would silently change predictions. Outside training DJL would run the module under a no-grad guard; attacks
     * need input gradients of the eval-mode model, so inside a gradient collector the guard is skipped, as
     * {@link TorchScriptClassifier} does.
     */
    NDArray forward(NDArray x, boolean training) {
        return runList(new NDList(x), training).head();
    }

    /** The head's input for normalised inputs: the module's {@value #PENULTIMATE} method, eval mode, flattened. */
    NDArray penultimate(NDArray x) {
        NDArray marker = x.getManager().create(0f);
        // DJL's forward runs the method an input named "module_method:NAME" names, and passes that input on to none
        marker.setName("module_method:" + PENULTIMATE);
        NDArray f = runList(new NDList(x, marker), false).head();
        return f.reshape(f.getShape().get(0), -1);
    }

    /** The declared head on its input: {@code features @ weight.T + bias}, in the features' manager. */
    NDArray output(NDArray features) {
        return ai.djl.nn.core.Linear.linear(features, headBlock.weight.getArray(), headBlock.bias.getArray())
                .singletonOrThrow();
    }

    /**
     * Checks on {@code x} (normalised probe inputs) that the declared head is what the module's forward ends in.
     */
    void checkHead(NDArray x) {
        if (head == null) {
            return;
        }
        NDArray full = forward(x, false);
        NDArray viaHead = output(penultimate(x));
        if (!Arrays.equals(full.getShape().getShape(), viaHead.getShape().getShape())) {
            throw new KintsugiException("the declared head '" + head + "' gives shape " + viaHead.getShape()
                    + " but the model's forward gives " + full.getShape());
        }
        double d = full.sub(viaHead).abs().max().getFloat();
        if (!(d <= HEAD_TOLERANCE)) {
            throw new KintsugiException(String.format(java.util.Locale.ROOT, "the declared head '%s' is not what "
                    + "the model's forward ends in: forward(x) and %s(x) @ %s.weight.T + %s.bias differ by up to %.3g "
                    + "(tolerance %.0e)", head, PENULTIMATE, head, head, d, HEAD_TOLERANCE));
        }
    }

    private NDList runList(NDList inputs, boolean training) {
        try {
            return ForwardWatchdog.guard("the TorchScript model " + name, () -> {
                if (training) {
                    JniUtils.enableTrainingMode(module);
                } else {
                    JniUtils.enableInferenceMode(module);
                }
                return IValueUtils.forward(module, inputs, training || JniUtils.isGradMode());
            });
        } catch (EngineException e) {
            throw new KintsugiException("the TorchScript model " + name + " failed in its forward pass ("
                    + TorchScriptModules.firstLine(e) + ")", e);
        }
    }

    /** The module's parameters other than the head's; the module runs them, never this block. */
    static final class Body extends AbstractBlock {
        private final Map<String, Parameter> held;

        Body(Map<String, Parameter> held) {
            this.held = held;
        }

        @Override
        public ParameterList getDirectParameters() {
            return new ParameterList(held);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            throw new UnsupportedOperationException("a TorchScript module's body runs through its Network");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            throw new UnsupportedOperationException("a TorchScript module's body runs through its Network");
        }
    }

    /** The declared head: the module's own weight and bias tensors under the names a linear layer has. */
    static final class Head extends AbstractBlock {
        private final Parameter weight;
        private final Parameter bias;

        Head(Parameter weight, Parameter bias) {
            this.weight = weight;
            this.bias = bias;
        }

        @Override
        public ParameterList getDirectParameters() {
            Map<String, Parameter> m = new LinkedHashMap<>();
            m.put("weight", weight);
            m.put("bias", bias);
            return new ParameterList(m);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            return ai.djl.nn.core.Linear.linear(inputs.singletonOrThrow(), weight.getArray(), bias.getArray());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), weight.getArray().getShape().get(0))};
        }
    }
}
