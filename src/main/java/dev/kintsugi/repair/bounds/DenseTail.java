package dev.kintsugi.repair.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a network from a split layer to its output layer as a chain of affine maps and
 * piecewise-linear activations held in plain arrays: what REASSURE linearises around a point and what
 * CROWN bounds. Only layers whose map is known exactly are accepted: Linear, ReLU, LeakyReLU (its slope is
 * read off the block), Dropout and flatten (identities at inference). Anything else in the tail (tanh,
 * sigmoid, batch norm, convolutions) is refused with a one-line reason, so an approach that needs
 * piecewise linearity fails before it touches anything.
 */
public final class DenseTail {
    /** One step of the chain. */
    public sealed interface Step permits Affine, Activation {
    }

    /** z = W·x + b, W row-major {@code [outputs][inputs]}. */
    public record Affine(int layer, double[][] weight, double[] bias) implements Step {
        public int outputs() {
            return bias.length;
        }
    }

    /** max(x, 0) + slope·min(x, 0): ReLU when slope is 0, LeakyReLU otherwise. */
    public record Activation(int layer, double negativeSlope) implements Step {
        public double apply(double x) {
            return x >= 0 ? x : negativeSlope * x;
        }
    }

    private final int split;
    private final int head;
    private final int inputs;
    private final List<Step> steps;

    private DenseTail(int split, int head, int inputs, List<Step> steps) {
        this.split = split;
        this.head = head;
        this.inputs = inputs;
        this.steps = List.copyOf(steps);
    }

    /**
     * The layer after the network's last flatten layer (the first dense layer of the classifier head), or 0
     * when the network has no flatten layer and starts with a dense layer. An imported Reshape or Transpose
     * counts as a flatten layer: a Keras export flattens with them.
     */
    public static int defaultSplit(Network network) {
        int split = 0;
        for (Layer l : network.layers()) {
            if (l.index() > network.headIndex()) {
                break;
            }
            if (l.isFlatten() || l.kind().equals("Reshape") || l.kind().equals("Transpose")) {
                split = l.index() + 1;
            }
        }
        return split;
    }

    /** Reads layers {@code split..head} of {@code network}; throws a one-line reason if one is not piecewise linear. */
    public static DenseTail of(Network network, int split) {
        int head = network.headIndex();
        if (split < 0 || split > head) {
            throw new KintsugiException("split layer " + split + " is not between 0 and the output layer " + head);
        }
        List<Step> steps = new ArrayList<>();
        int inputs = -1;
        int width = -1;
        for (int i = split; i <= head; i++) {
            Layer l = network.layers().get(i);
            switch (l.isFlatten() ? "batchFlatten" : l.kind()) {
                case "Linear" -> {
                    float[] w = network.parameterValues(i, "weight");
                    float[] b = network.parameterValues(i, "bias");
                    int out = b.length;
                    int in = w.length / out;
                    if (width >= 0 && in != width) {
                        throw new KintsugiException("layer " + l.name() + " expects " + in + " inputs, got " + width);
                    }
                    if (inputs < 0) {
                        inputs = in;
                    }
                    double[][] wd = new double[out][in];
                    double[] bd = new double[out];
                    for (int r = 0; r < out; r++) {
                        for (int c = 0; c < in; c++) {
                            wd[r][c] = w[r * in + c];
                        }
                        bd[r] = b[r];
                    }
                    steps.add(new Affine(i, wd, bd));
                    width = out;
                }
                case "ReLU", "LeakyReLU" -> {
                    if (inputs < 0) {
                        throw new KintsugiException("layer " + l.name() + ": the tail after layer " + split
                                + " must start with a dense layer");
                    }
                    steps.add(new Activation(i, negativeSlope(network, i)));
                }
                case "Dropout", "batchFlatten" -> {
                    // identities at inference on the flat vectors the tail works on
                }
                // batch norm is affine at inference, but its statistics are not read here: said as it is
                case "BatchNorm" -> throw new KintsugiException("layer " + l.name() + " (batch norm) after layer "
                        + split + " is not supported: the tail is read as Linear, ReLU and LeakyReLU layers only");
                default -> throw new KintsugiException("layer " + l.name() + " (" + l.kind()
                        + ") after layer " + split + " is not piecewise linear (Linear, ReLU, LeakyReLU only)");
            }
        }
        if (inputs < 0) {
            throw new KintsugiException("no dense layer between layer " + split + " and the output layer " + head);
        }
        return new DenseTail(split, head, inputs, steps);
    }

    /** The activation's output at −1, negated: 0 for ReLU, α for LeakyReLU(α). */
    private static double negativeSlope(Network network, int layer) {
        try (NDManager m = network.manager().newSubManager()) {
            NDArray x = m.create(new float[] {-1f}, new ai.djl.ndarray.types.Shape(1, 1));
            float y = network.block().getChildren().get(layer).getValue()
                    .forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(x), false)
                    .singletonOrThrow().toFloatArray()[0];
            return -y;
        }
    }

    public int split() {
        return split;
    }

    public int head() {
        return head;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof Affine a) {
                return a.outputs();
            }
        }
        throw new IllegalStateException("no affine step");
    }

    public List<Step> steps() {
        return steps;
    }

    /** Hidden neurons: one per input of an activation step. */
    public int hiddenNeurons() {
        int n = 0;
        int width = inputs;
        for (Step s : steps) {
            if (s instanceof Affine a) {
                width = a.outputs();
            } else {
                n += width;
            }
        }
        return n;
    }

    /** The tail's output (the logits) at x. */
    public double[] forward(double[] x) {
        double[] v = x.clone();
        for (Step s : steps) {
            if (s instanceof Affine a) {
                double[] z = a.bias().clone();
                for (int r = 0; r < z.length; r++) {
                    double[] row = a.weight()[r];
                    for (int c = 0; c < v.length; c++) {
                        z[r] += row[c] * v[c];
                    }
                }
                v = z;
            } else {
                Activation act = (Activation) s;
                for (int j = 0; j < v.length; j++) {
                    v[j] = act.apply(v[j]);
                }
            }
        }
        return v;
    }

    /**
     * The linear region of x and the tail's affine map on it.
     *
     * @param a        rows of {x : a·x ≤ b}, one per hidden neuron in layer order: its pre-activation keeps
     *                 the sign it has at x (REASSURE's {@code get_linear_region}, without the input box)
     * @param b        right-hand sides
     * @param jacobian the output's affine map on the region, f(y) = jacobian·y + offset ({@code linearize_model})
     * @param offset   see jacobian
     */
    public record Region(double[][] a, double[] b, double[][] jacobian, double[] offset) {
    }

    public Region region(double[] x) {
        int in = inputs;
        // the current values as affine maps of the tail's input: value = m·y + v
        double[][] m = new double[in][in];
        for (int i = 0; i < in; i++) {
            m[i][i] = 1;
        }
        double[] v = new double[in];
        List<double[]> rows = new ArrayList<>();
        List<Double> rhs = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof Affine af) {
                int out = af.outputs();
                double[][] nm = new double[out][in];
                double[] nv = af.bias().clone();
                for (int r = 0; r < out; r++) {
                    double[] w = af.weight()[r];
                    double[] target = nm[r];
                    for (int k = 0; k < w.length; k++) {
                        double wk = w[k];
                        if (wk != 0) {
                            double[] src = m[k];
                            for (int c = 0; c < in; c++) {
                                target[c] += wk * src[c];
                            }
                            nv[r] += wk * v[k];
                        }
                    }
                }
                m = nm;
                v = nv;
            } else {
                Activation act = (Activation) s;
                for (int j = 0; j < v.length; j++) {
                    double z = v[j];
                    for (int c = 0; c < in; c++) {
                        z += m[j][c] * x[c];
                    }
                    // z = m_j·y + v_j keeps its sign: z >= 0 as −m_j·y <= v_j, z < 0 as m_j·y <= −v_j
                    double[] row = new double[in];
                    double sign = z >= 0 ? -1 : 1;
                    for (int c = 0; c < in; c++) {
                        row[c] = sign * m[j][c];
                    }
                    rows.add(row);
                    rhs.add(z >= 0 ? v[j] : -v[j]);
                    if (z < 0) {
                        double slope = act.negativeSlope();
                        for (int c = 0; c < in; c++) {
                            m[j][c] *= slope;
                        }
                        v[j] *= slope;
                    }
                }
            }
        }
        double[] b = new double[rhs.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = rhs.get(i);
        }
        return new Region(rows.toArray(new double[0][]), b, m, v);
    }
}
