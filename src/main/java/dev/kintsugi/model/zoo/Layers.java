package dev.kintsugi.model.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.kintsugi.KintsugiException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Layer building blocks shared by every architecture, driven by the options the training doctor swaps:
 * {@code activation}, {@code init}, {@code bias-init}, {@code batchnorm}, {@code dropout}.
 */
public final class Layers {
    public static final List<String> ACTIVATIONS = List.of("relu", "sigmoid", "tanh", "selu", "leaky-relu", "elu");
    public static final List<String> INITIALISERS = List.of("xavier", "he", "normal", "uniform", "zeros");

    /** The options every architecture accepts, with their defaults. */
    public static Map<String, String> commonDefaults() {
        Map<String, String> d = new TreeMap<>();
        d.put("activation", "relu");
        d.put("init", "xavier");
        d.put("bias-init", "0");
        d.put("batchnorm", "false");
        d.put("dropout", "0");
        // "logits" is right for softmax cross-entropy; "softmax" plants the classic double-softmax bug.
        d.put("output", "logits");
        return d;
    }

    private Layers() {
    }

    public static Block activation(Options o) {
        String name = o.string("activation");
        return switch (name) {
            case "relu" -> Activation.reluBlock();
            case "sigmoid" -> Activation.sigmoidBlock();
            case "tanh" -> Activation.tanhBlock();
            case "selu" -> Activation.seluBlock();
            case "leaky-relu" -> Activation.leakyReluBlock(0.01f);
            case "elu" -> Activation.eluBlock(1.0f);
            default -> throw new KintsugiException("unknown activation '" + name + "'; choose one of "
                    + String.join(", ", ACTIVATIONS));
        };
    }

    public static Block linear(Options o, int units) {
        Block b = Linear.builder().setUnits(units).build();
        initialise(b, o);
        return b;
    }

    public static Block conv(Options o, int filters, int kernel, boolean samePadding, int stride) {
        int pad = samePadding ? kernel / 2 : 0;
        // PaddedConv2d: a Conv2d that avoids the natives' faulty input-gradient kernel (KernelWorkarounds).
        Block b = new PaddedConv2d(Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad))
                .optStride(new Shape(stride, stride)));
        initialise(b, o);
        return b;
    }

    public static Block batchNorm() {
        return BatchNorm.builder().build();
    }

    public static Block dropout(double rate) {
        return Dropout.builder().optRate((float) rate).build();
    }

    private static void initialise(Block b, Options o) {
        b.setInitializer(weightInitialiser(o.string("init")), Parameter.Type.WEIGHT);
        b.setInitializer(new ConstantInitializer((float) o.real("bias-init")), Parameter.Type.BIAS);
    }

    static Initializer weightInitialiser(String name) {
        return switch (name) {
            case "xavier" -> new XavierInitializer();
            // He/Kaiming: Gaussian, fan-in, magnitude 2 (DJL's Xavier with these arguments is exactly He).
            case "he" -> new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.IN, 2f);
            case "normal" -> new NormalInitializer(0.01f);
            case "uniform" -> new UniformInitializer(0.07f);
            case "zeros" -> new ConstantInitializer(0f);
            default -> throw new KintsugiException("unknown initialiser '" + name + "'; choose one of "
                    + String.join(", ", INITIALISERS));
        };
    }
}
