package dev.kintsugi.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.kintsugi.model.KernelWorkarounds;

/**
 * A DJL {@link Conv2d} (same parameters, same saved form) that steers clear of the engine's faulty
 * backward kernels (see {@link KernelWorkarounds}): when gradients are being recorded and the filter count
 * is not a multiple of 16, it convolves with zero filters appended and drops their output channels. The
 * zero filters add nothing to the result, and their gradient flows back into nothing.
 */
public final class PaddedConv2d extends Conv2d {
    PaddedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** The convolution {@code builder} describes, with the workaround (imported ONNX graphs use it too). */
    public static PaddedConv2d of(Conv2d.Builder builder) {
        return new PaddedConv2d(builder);
    }

    /** Whether a forward pass on {@code input} takes the padded route. */
    boolean pads(NDArray input) {
        return groups == 1 && filters % KernelWorkarounds.CONV_CHANNEL_MULTIPLE != 0 && recordsGradients(input)
                && KernelWorkarounds.convChannelPadding();
    }

    /**
     * Whether a backward pass may follow: autograd is recording (inside a GradientCollector). Padding only
     * where the input needs a gradient was not enough: an unpadded first convolution still made 2-thread
     * training differ run to run.
     */
    private static boolean recordsGradients(NDArray input) {
        if (input instanceof PtNDArray) {
            return JniUtils.isGradMode();
        }
        return input.hasGradient();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (!pads(input)) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        NDArray w = parameterStore.getValue(weight, input.getDevice(), training);
        int multiple = KernelWorkarounds.CONV_CHANNEL_MULTIPLE;
        int padded = (filters + multiple - 1) / multiple * multiple;
        long[] zeroShape = w.getShape().getShape().clone();
        zeroShape[0] = padded - filters;
        NDArray wide = w.concat(input.getManager().zeros(new Shape(zeroShape), w.getDataType()), 0);
        NDArray out = Conv2d.conv2d(input, wide, null, stride, padding, dilation, 1).singletonOrThrow()
                .get(new NDIndex(":, 0:" + filters));
        if (includeBias) {
            NDArray b = parameterStore.getValue(bias, input.getDevice(), training);
            out = out.add(b.reshape(1, filters, 1, 1));
        }
        return new NDList(out);
    }
}
