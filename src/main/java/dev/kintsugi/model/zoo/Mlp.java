package dev.kintsugi.model.zoo;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;

import java.util.Map;

/** A multi-layer perceptron on flattened inputs. */
public final class Mlp implements Architecture {
    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "multi-layer perceptron: flatten, dense layers of the given widths, linear output";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = Layers.commonDefaults();
        d.put("hidden", "256,128");
        return d;
    }

    @Override
    public SequentialBlock build(Options o, int[] inputShape, int numClasses) {
        SequentialBlock net = new SequentialBlock();
        net.add(Blocks.batchFlattenBlock());
        Heads.addDense(net, o, o.integers("hidden"));
        Heads.addOutput(net, o, numClasses);
        return net;
    }
}
