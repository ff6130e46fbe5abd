package dev.kintsugi.model.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

import java.util.Map;

/**
 * LeNet-5 exactly as the ICSE 2026 study released it for MNIST: conv 6@5x5 valid, ReLU, max-pool 3x3
 * stride 3, conv 16@3x3 valid, ReLU, max-pool 2x2, flatten (144 on 28x28), dense 120, dense 84, dense 10.
 * (The textbook LeNet-5 pools 2x2 twice and uses 5x5 kernels; the study's variant is kept so its numbers
 * compare.)
 */
public final class LeNet5 implements Architecture {
    @Override
    public String name() {
        return "lenet5";
    }

    @Override
    public String description() {
        return "LeNet-5 as in the ICSE 2026 study: conv6@5x5, pool3, conv16@3x3, pool2, dense 120-84";
    }

    @Override
    public Map<String, String> defaults() {
        return Layers.commonDefaults();
    }

    @Override
    public SequentialBlock build(Options o, int[] inputShape, int numClasses) {
        SequentialBlock net = new SequentialBlock();
        Heads.addConv(net, o, 6, 5, false);
        net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(3, 3)));
        Heads.addConv(net, o, 16, 3, false);
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        net.add(Blocks.batchFlattenBlock());
        Heads.addDense(net, o, new int[] {120, 84});
        Heads.addOutput(net, o, numClasses);
        return net;
    }
}
