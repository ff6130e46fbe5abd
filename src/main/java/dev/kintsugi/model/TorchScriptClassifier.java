package dev.kintsugi.model;

import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.kintsugi.KintsugiException;

import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript classifier from outside ({@code torch.jit.save}), run by DJL's PyTorch engine. Its
 * forward pass is differentiable, so it can be evaluated, attacked and compared like a Kintsugi model. To
 * train or repair it, {@link Network#torchScript} wraps the same module as a trainable network.
 */
public final class TorchScriptClassifier implements Classifier {
    private final Model model;
    private final InputDeclaration declaration;
    private final ParameterStore parameterStore;

    private TorchScriptClassifier(Model model, InputDeclaration declaration) {
        this.model = model;
        this.declaration = declaration;
        this.parameterStore = new ParameterStore(model.getNDManager(), false);
    }

    public static TorchScriptClassifier load(Path file, InputDeclaration declaration) {
        return new TorchScriptClassifier(TorchScriptModules.open(file), declaration);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    public InputDeclaration declaration() {
        return declaration;
    }

    @Override
    public NDArray forward(NDArray inputs, boolean training) {
        NDArray x = inputs;
        if (declaration.normalization() != null) {
            x = Scalars.div(x.sub((float) declaration.normalization().mean()), declaration.normalization().std());
        }
        NDArray input = x;
        NDList out;
        try {
            out = ForwardWatchdog.guard("the TorchScript model " + model.getName(), () -> training
                    ? model.getBlock().forward(parameterStore, new NDList(input), true)
                    // DJL runs a TorchScript module in inference mode under a no-grad guard; attacks need input
                    // gradients from the eval-mode model, so inside a gradient collector the guard is skipped.
                    : IValueUtils.forward((PtSymbolBlock) model.getBlock(), new NDList(input), JniUtils.isGradMode()));
        } catch (EngineException e) {
            throw new KintsugiException("the TorchScript model " + model.getName() + " failed in its forward pass ("
                    + firstLine(e) + ")", e);
        }
        NDArray logits = out.head();
        if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != numClasses()) {
            throw new KintsugiException("the TorchScript model returned shape " + logits.getShape() + " but "
                    + numClasses() + " classes were declared");
        }
        try (NDArray nonFinite = logits.isInfinite().logicalOr(logits.isNaN()).any()) {
            if (nonFinite.getBoolean()) {
                throw new KintsugiException("the TorchScript model " + model.getName()
                        + " returned NaN or infinite logits; its predictions would be meaningless");
            }
        }
        return logits;
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    @Override
    public int[] inputShape() {
        return declaration.inputShape();
    }

    @Override
    public List<String> classNames() {
        return declaration.classNames();
    }

    @Override
    public FrozenParameters freezeParameters() {
        return ParameterGradients.freeze(model.getBlock());
    }

    @Override
    public void zeroGradients() {
        ParameterGradients.zero(model.getBlock());
    }

    @Override
    public void close() {
        model.close();
    }
}
