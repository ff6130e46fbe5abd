package dev.kintsugi.model.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

import java.util.Map;

/** VGG-style: stages of two 3x3 convs followed by a 2x2 max-pool, then dense layers. */
public final class VggSmall implements Architecture {
    @Override
    public String name() {
        return "vgg-small";
    }

    @Override
    public String description() {
        return "VGG-style: [conv3x3, conv3x3, pool] per stage width, then dense layers";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = Layers.commonDefaults();
        d.put("channels", "32,64,128");
        d.put("hidden", "256");
        return d;
    }

    @Override
    public SequentialBlock build(Options o, int[] inputShape, int numClasses) {
        SequentialBlock net = new SequentialBlock();
        for (int c : o.integers("channels")) {
            Heads.addConv(net, o, c, 3, true);
            Heads.addConv(net, o, c, 3, true);
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        net.add(Blocks.batchFlattenBlock());
        Heads.addDense(net, o, o.integers("hidden"));
        Heads.addOutput(net, o, numClasses);
        return net;
    }
}
