package dev.kintsugi.repair.augment;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * Style transfer by feature statistics (AdaIN; Huang &amp; Belongie, ICCV 2017, as in naoto0804/pytorch-AdaIN)
 * with the repaired model itself as the encoder, standing in for DeepRepair's WCT2, whose pretrained VGG
 * cannot be fetched here.
 *
 * <p>The style of an image is the per-channel mean and standard deviation of its features. On a model with
 * convolutions the features are the outputs of its top-level convolution layers (pre-activation); the
 * stylised image starts as the content image and is optimised (Adam on the pixels, clipped to the data's
 * range) to minimise pytorch-AdaIN's training loss: the MSE between its deepest features and the AdaIN
 * target {@code σ(s)·(f(c) − μ(c))/σ(c) + μ(s)}, plus {@code styleWeight} (10, as pytorch-AdaIN) times the
 * MSE of the means and standard deviations at every style layer. AdaIN's learned decoder is replaced by
 * this per-image optimisation, since no decoder for the model's features exists. On a model with no
 * convolution (mlp) there are no channel features, so AdaIN is applied in closed form to the input itself:
 * per image channel for image inputs, over the whole vector for flat (tabular) inputs.
 */
public final class FeatureStyle {
    /** pytorch-AdaIN's {@code calc_mean_std} epsilon, added to the variance. */
    public static final float EPS = 1e-5f;

    private FeatureStyle() {
    }

    /** Per (sample, channel) mean and {@code sqrt(unbiased variance + 1e-5)} of {@code f [n, c, ...]}, each {@code [n, c, 1]}. */
    public static NDArray[] meanStd(NDArray f) {
        long n = f.getShape().get(0);
        long c = f.getShape().get(1);
        NDArray v = f.reshape(n, c, -1);
        long len = v.getShape().get(2);
        NDArray mean = v.mean(new int[] {2}, true);
        NDArray var = Scalars.div(v.sub(mean).square().sum(new int[] {2}, true), len - 1);
        return new NDArray[] {mean, var.add(EPS).sqrt()};
    }

    /** AdaIN: {@code content}'s features renormalised to {@code style}'s per-channel mean and std. */
    public static NDArray adain(NDArray content, NDArray style) {
        Shape shape = content.getShape();
        NDArray[] c = meanStd(content);
        NDArray[] s = meanStd(style);
        NDArray v = content.reshape(shape.get(0), shape.get(1), -1);
        return v.sub(c[0]).div(c[1]).mul(s[1]).add(s[0]).reshape(shape);
    }

    /** pytorch-AdaIN's style loss: Σ over layers of MSE(μ(x), μ(s)) + MSE(σ(x), σ(s)). */
    public static NDArray styleLoss(List<NDArray> x, List<NDArray> s) {
        NDArray total = null;
        for (int i = 0; i < x.size(); i++) {
            NDArray[] a = meanStd(x.get(i));
            NDArray[] b = meanStd(s.get(i));
            NDArray l = mse(a[0], b[0]).add(mse(a[1], b[1]));
            total = total == null ? l : total.add(l);
        }
        return total;
    }

    /** {@code nn.MSELoss()}: mean squared difference over all elements. */
    public static NDArray mse(NDArray a, NDArray b) {
        return a.sub(b).square().mean();
    }

    /** The loss the stylised image minimises: content MSE to the AdaIN target plus weighted style loss. */
    public static NDArray loss(List<NDArray> x, NDArray target, List<NDArray> s, double styleWeight) {
        return mse(x.get(x.size() - 1), target).add(Scalars.mul(styleLoss(x, s), (float) styleWeight));
    }

    /** Indices of the model's top-level convolution layers, whose outputs carry the style; empty on an MLP. */
    public static int[] styleLayers(Network net) {
        return net.layers().stream().filter(l -> l.kind().equals("Conv2d")).mapToInt(Layer::index).toArray();
    }

    /** Settings of the pixel optimisation. */
    public record Settings(int steps, double lr, double styleWeight, float lo, float hi) {
    }

    /**
     * Stylises {@code n} content images (row-major, samples of {@code shape}) with one style image each.
     * Leaves the network's parameters and gradients as they were.
     */
    public static float[] transfer(Network net, float[] content, float[] style, int n, int[] shape, Settings s) {
        int[] layers = styleLayers(net);
        try (NDManager m = net.manager().newSubManager()) {
            Shape batch = batchShape(n, shape);
            if (layers.length == 0) {
                int channels = AugMix.isImage(shape) ? shape[0] : 1;
                Shape flat = new Shape(n, channels, -1);
                return adain(m.create(content, batch).reshape(flat), m.create(style, batch).reshape(flat)).clip(s.lo(), s.hi())
                        .toFloatArray();
            }
            List<NDArray> styleFeatures = taps(net, m.create(style, batch), layers);
            NDArray target = adain(taps(net, m.create(content, batch), layers).get(layers.length - 1),
                    styleFeatures.get(layers.length - 1));
            float[] x = content.clone();
            float[] m1 = new float[x.length];
            float[] m2 = new float[x.length];
            double b1 = 0.9;
            double b2 = 0.999;
            for (int t = 1; t <= s.steps(); t++) {
                float[] g;
                try (NDManager step = m.newSubManager()) {
                    NDArray xs = step.create(x, batch);
                    xs.setRequiresGradient(true);
                    try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                        NDArray l = loss(taps(net, xs, layers), target, styleFeatures, s.styleWeight());
                        gc.backward(l);
                    }
                    g = xs.getGradient().toFloatArray();
                }
                // Adam (torch.optim.Adam defaults) on the pixels, then back into the data's range
                double c1 = 1 - Math.pow(b1, t);
                double c2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < x.length; i++) {
                    m1[i] = (float) (b1 * m1[i] + (1 - b1) * g[i]);
                    m2[i] = (float) (b2 * m2[i] + (1 - b2) * g[i] * g[i]);
                    double step = s.lr() * (m1[i] / c1) / (Math.sqrt(m2[i] / c2) + 1e-8);
                    x[i] = (float) Math.max(s.lo(), Math.min(s.hi(), x[i] - step));
                }
            }
            net.zeroGradients();
            return x;
        }
    }

    /** The outputs of {@code layers} for {@code x}, in inference mode (gradients flow to {@code x}). */
    static List<NDArray> taps(Network net, NDArray x, int[] layers) {
        List<NDArray> all = net.forwardWithTaps(x);
        List<NDArray> out = new ArrayList<>();
        for (int l : layers) {
            out.add(all.get(l));
        }
        return out;
    }

    private static Shape batchShape(int n, int[] shape) {
        long[] dims = new long[shape.length + 1];
        dims[0] = n;
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        return new Shape(dims);
    }
}
