package dev.kintsugi.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

import java.util.List;
import java.util.Map;

/**
 * A small ResNet: a 3x3 stem, then one basic residual block per stage (two 3x3 convs, identity or 1x1
 * projection shortcut, stride 2 from the second stage on), global average pooling and a linear output.
 * Each residual block is one layer for taps and weight access.
 */
public final class ResNetSmall implements Architecture {
    @Override
    public String name() {
        return "resnet-small";
    }

    @Override
    public String description() {
        return "small ResNet: 3x3 stem, one basic residual block per stage, global average pool";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = Layers.commonDefaults();
        d.put("batchnorm", "true");
        d.put("channels", "16,32,64");
        return d;
    }

    @Override
    public SequentialBlock build(Options o, int[] inputShape, int numClasses) {
        int[] channels = o.integers("channels");
        SequentialBlock net = new SequentialBlock();
        Heads.addConv(net, o, channels[0], 3, true);
        int in = channels[0];
        for (int i = 0; i < channels.length; i++) {
            int stride = i == 0 ? 1 : 2;
            net.add(residual(o, in, channels[i], stride));
            in = channels[i];
        }
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Blocks.batchFlattenBlock());
        Heads.addOutput(net, o, numClasses);
        return net;
    }

    private static Block residual(Options o, int in, int out, int stride) {
        SequentialBlock main = new SequentialBlock();
        main.add(Layers.conv(o, out, 3, true, stride));
        if (o.bool("batchnorm")) {
            main.add(Layers.batchNorm());
        }
        main.add(Layers.activation(o));
        main.add(Layers.conv(o, out, 3, true, 1));
        if (o.bool("batchnorm")) {
            main.add(Layers.batchNorm());
        }
        SequentialBlock shortcut = new SequentialBlock();
        if (stride != 1 || in != out) {
            shortcut.add(Layers.conv(o, out, 1, false, stride));
        } else {
            shortcut.add(Blocks.identityBlock());
        }
        Block activation = Layers.activation(o);
        SequentialBlock block = new SequentialBlock();
        block.add(new ParallelBlock(list -> {
            NDArray sum = list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow());
            return new NDList(sum);
        }, List.of(main, shortcut)));
        block.add(activation);
        return block;
    }
}
