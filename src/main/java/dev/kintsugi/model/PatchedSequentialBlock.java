package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.kintsugi.KintsugiException;

import java.util.List;

/**
 * A zoo network with a {@link ReassurePatch} right after its output layer (before any output activation,
 * so the patch adds to logits as REASSURE's NNSum does). The original layers keep their indices; the
 * patch is handed the input of layer {@code splitLayer} besides the logits, which a plain sequential block
 * cannot do.
 */
public final class PatchedSequentialBlock extends SequentialBlock {
    private final int splitLayer;
    private final SequentialBlock base;

    private PatchedSequentialBlock(int splitLayer, SequentialBlock base) {
        this.splitLayer = splitLayer;
        this.base = base;
    }

    /** {@code base}'s layers with the patch inserted after the last layer that has parameters. */
    public static PatchedSequentialBlock of(SequentialBlock base, ReassurePatch.Layout layout) {
        List<Block> children = base.getChildren().values();
        int head = -1;
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).getParameters().isEmpty()) {
                head = i;
            }
        }
        if (layout.splitLayer() > head) {
            throw new KintsugiException(ReassurePatch.OPTION + ": split layer " + layout.splitLayer()
                    + " comes after the output layer " + head);
        }
        PatchedSequentialBlock out = new PatchedSequentialBlock(layout.splitLayer(), base);
        for (int i = 0; i < children.size(); i++) {
            out.add(children.get(i));
            if (i == head) {
                out.add(new ReassurePatch(layout));
            }
        }
        return out;
    }

    public int splitLayer() {
        return splitLayer;
    }

    /** The unpatched network's block, whose layers (the same objects) this one runs; an ONNX export reads it. */
    public SequentialBlock base() {
        return base;
    }

    /** The patch layer. */
    public ReassurePatch patch() {
        for (Block child : getChildren().values()) {
            if (child instanceof ReassurePatch p) {
                return p;
            }
        }
        throw new IllegalStateException("a patched block without its patch");
    }

    /**
     * One layer of a (possibly patched) network: the patch gets the logits and the saved input of the
     * split layer, every other layer its predecessor's output.
     */
    static NDList step(Block child, ParameterStore store, NDList x, NDArray splitInput, boolean training) {
        if (child instanceof ReassurePatch) {
            if (splitInput == null) {
                throw new KintsugiException("the REASSURE patch needs the input of layer "
                        + ((ReassurePatch) child).layout().splitLayer() + ", which this pass did not run");
            }
            return child.forward(store, new NDList(x.singletonOrThrow(), splitInput), training);
        }
        return child.forward(store, x, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList x = inputs;
        NDArray splitInput = null;
        int i = 0;
        for (Pair<String, Block> child : getChildren()) {
            if (i++ == splitLayer) {
                splitInput = x.singletonOrThrow();
            }
            x = step(child.getValue(), store, x, splitInput, training);
        }
        return x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList data, NDList labels,
                                     PairList<String, Object> params) {
        return forwardInternal(store, data, true, params);
    }
}
