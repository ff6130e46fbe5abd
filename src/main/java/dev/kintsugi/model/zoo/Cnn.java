package dev.kintsugi.model.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

import java.util.Map;

/** A small configurable convnet: per entry of {@code channels}, a same-padded conv and a 2x2 max-pool. */
public final class Cnn implements Architecture {
    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public String description() {
        return "small convnet: [conv kxk, pool 2x2] per channel count, then dense layers";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = Layers.commonDefaults();
        d.put("channels", "32,64");
        d.put("kernel", "3");
        d.put("hidden", "128");
        return d;
    }

    @Override
    public SequentialBlock build(Options o, int[] inputShape, int numClasses) {
        SequentialBlock net = new SequentialBlock();
        for (int c : o.integers("channels")) {
            Heads.addConv(net, o, c, o.integer("kernel"), true);
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        net.add(Blocks.batchFlattenBlock());
        Heads.addDense(net, o, o.integers("hidden"));
        Heads.addOutput(net, o, numClasses);
        return net;
    }
}
