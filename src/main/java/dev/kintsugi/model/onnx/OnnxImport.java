package dev.kintsugi.model.onnx;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.InputDeclaration;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * ONNX file in, trainable {@link Network} out: the graph becomes layers ({@link OnnxGraphBuilder}) and the
 * graph's float initializers become the layers' parameters. The file is only read. What the file does not
 * say (class names, normalisation, a shape for dynamic dimensions) comes from an optional
 * {@code FILE.onnx.json} declaration or the command line.
 */
public final class OnnxImport {
    private OnnxImport() {
    }

    /** True for a path that names an ONNX file by its extension. */
    public static boolean isOnnx(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .endsWith(".onnx");
    }

    /**
     * What the user says about an ONNX file from the command line; every field may be null.
     *
     * @param inputShape       one sample's shape, pinning dynamic dimensions (Kintsugi's C,H,W)
     * @param classNames       class names in output order
     * @param fallbackClasses  names to use when nothing is declared and their count matches (the dataset's)
     * @param normalization    applied before the graph
     */
    public record Hints(int[] inputShape, List<String> classNames, List<String> fallbackClasses,
                        ArchitectureSpec.Normalization normalization) {
        public static final Hints NONE = new Hints(null, null, null, null);
    }

    /** Imports {@code file} with a declaration ({@code FILE.onnx.json} when null and present). */
    public static Network load(Path file, InputDeclaration declaration) {
        return load(file, declaration == null ? Hints.NONE
                : new Hints(declaration.inputShape(), declaration.classNames(), null, declaration.normalization()));
    }

    /**
     * Imports {@code file}. Without an input shape or class names in {@code hints}, {@code FILE.onnx.json} is
     * read if present; else the input shape comes from the graph and the classes are the fallback names or
     * their index.
     */
    public static Network load(Path file, Hints hints) {
        if (!Files.isRegularFile(file)) {
            throw new KintsugiException(file + " does not exist or is not a file");
        }
        Hints h = hints == null ? Hints.NONE : hints;
        if (h.inputShape() == null && h.classNames() == null && Files.isRegularFile(Path.of(file + ".json"))) {
            InputDeclaration d = InputDeclaration.besides(file);
            h = new Hints(d.inputShape(), d.classNames(), null, d.normalization());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KintsugiException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        OnnxModel model = OnnxProtobuf.read(bytes, file.toString());
        try {
            return build(model, file.getFileName().toString(), h);
        } catch (KintsugiException e) {
            throw e;
        } catch (RuntimeException e) {
            // DJL's shape inference over a graph from outside fails on inconsistent graphs (an input with no
            // shape, operators whose shapes do not fit) with whatever exception its code path throws
            throw new KintsugiException(file + ": the ONNX graph cannot be built (" + e + ")", e);
        }
    }

    static Network build(OnnxModel model, String source, Hints d) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new KintsugiException(source + " has " + model.inputs().size() + " inputs and "
                    + model.outputs().size() + " outputs; Kintsugi imports classifiers with one of each");
        }
        OnnxModel.Value in = model.inputs().get(0);
        if (in.elemType() != OnnxModel.FLOAT) {
            throw new KintsugiException(source + ": input '" + in.name() + "' has element type " + in.elemType()
                    + "; Kintsugi imports models with a float32 input");
        }
        int[] onnxShape = sampleShape(in, d.inputShape(), source);
        OnnxGraphBuilder.Layout layout = channelsLast(onnxShape) ? OnnxGraphBuilder.Layout.NHWC
                : OnnxGraphBuilder.Layout.NCHW;
        int[] shape = layout == OnnxGraphBuilder.Layout.NHWC
                ? new int[] {onnxShape[2], onnxShape[0], onnxShape[1]} : onnxShape;
        Map<String, String> options = new TreeMap<>();
        options.put("graph", Json.toString(withoutWeights(model)).replaceAll("\\s*\n\\s*", ""));
        options.put("layout", layout.name().toLowerCase(java.util.Locale.ROOT));
        ArchitectureSpec.Normalization norm = d.normalization();
        int classes = outputCount(model, options, shape, norm);
        List<String> names;
        if (d.classNames() != null) {
            if (d.classNames().size() != classes) {
                throw new KintsugiException(source + " has " + classes + " outputs but " + d.classNames().size()
                        + " class names were given");
            }
            names = d.classNames();
        } else if (d.fallbackClasses() != null && d.fallbackClasses().size() == classes) {
            names = d.fallbackClasses();
        } else {
            names = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                names.add(Integer.toString(i));
            }
        }
        Network net = Network.create(new ArchitectureSpec(OnnxArchitecture.NAME, options, shape, norm, names), 0);
        try {
            setInitializers(net, model, source);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    private static int[] sampleShape(OnnxModel.Value in, int[] given, String source) {
        List<String> dims = in.dims();
        if (dims.isEmpty()) {
            throw new KintsugiException(source + ": input '" + in.name() + "' has no declared shape; give --input-shape");
        }
        if (given != null) {
            int[] s = given;
            if (s.length != dims.size() - 1) {
                throw new KintsugiException(source + ": input '" + in.name() + "' has " + (dims.size() - 1)
                        + " dimensions besides the batch, but the input shape given has " + s.length);
            }
            for (int i = 0; i < s.length; i++) {
                String g = dims.get(i + 1);
                if (dimValue(g) >= 0 && dimValue(g) != s[i] && !channelsLastOf(dims, s)) {
                    throw new KintsugiException(source + ": input '" + in.name() + "' has shape " + dims
                            + ", which the input shape given " + Arrays.toString(s) + " contradicts");
                }
            }
            return channelsLastOf(dims, s) ? numeric(dims, in, source) : s;
        }
        return numeric(dims, in, source);
    }

    /** The graph's [H, W, C] when the declared shape is Kintsugi's [C, H, W] of a channels-last input. */
    private static boolean channelsLastOf(List<String> dims, int[] s) {
        if (s.length != 3 || dims.size() != 4) {
            return false;
        }
        return dimValue(dims.get(3)) == s[0] && dimValue(dims.get(1)) == s[1]
                && dimValue(dims.get(2)) == s[2] && channelsLast(new int[] {s[1], s[2], s[0]});
    }

    private static int[] numeric(List<String> dims, OnnxModel.Value in, String source) {
        int[] s = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            String g = dims.get(i);
            long v = dimValue(g);
            if (v <= 0) {
                throw new KintsugiException(source + ": input '" + in.name() + "' dimension " + i + " is dynamic ('"
                        + g + "'); pin one sample's shape with --input-shape, e.g. --input-shape 1,28,28");
            }
            if (v > ArchitectureSpec.MAX_SIDE) {
                throw new KintsugiException(source + ": input '" + in.name() + "' dimension " + i + " is " + g
                        + "; sides up to " + ArchitectureSpec.MAX_SIDE + " are imported");
            }
            s[i - 1] = (int) v;
        }
        return s;
    }

    /** [H, W, C] with 1 or 3 channels last and larger spatial sides: a Keras-style channels-last image. */
    private static boolean channelsLast(int[] s) {
        return s.length == 3 && (s[2] == 1 || s[2] == 3) && s[0] > 4 && s[1] > 4;
    }

    private static int outputCount(OnnxModel model, Map<String, String> options, int[] shape,
                                   ArchitectureSpec.Normalization norm) {
        List<String> dims = model.outputs().get(0).dims();
        long declared = dims.size() == 2 ? dimValue(dims.get(1)) : -1;
        if (declared > 0) {
            return checkClasses(declared);
        }
        try (Network probe = Network.create(new ArchitectureSpec(OnnxArchitecture.NAME, options, shape, norm,
                List.of("0")), 0); NDManager m = probe.manager().newSubManager()) {
            NDArray out = probe.forward(m.zeros(probe.batchShape(1)), false);
            if (out.getShape().dimension() != 2) {
                throw new KintsugiException("the ONNX model's output has shape " + out.getShape()
                        + "; Kintsugi imports classifiers with output [batch, classes]");
            }
            return checkClasses(out.getShape().get(1));
        }
    }

    /** Classes a classifier may have: a class-name list is built for each, so a corrupt count must not exhaust memory. */
    static final int MAX_CLASSES = 1 << 20;

    private static int checkClasses(long classes) {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new KintsugiException("the ONNX model has " + classes + " outputs; Kintsugi imports classifiers with 1 to "
                    + MAX_CLASSES + " classes");
        }
        return (int) classes;
    }

    /** A declared dimension's value; -1 when it is symbolic (dynamic) or not a number that fits a long. */
    static long dimValue(String g) {
        return g != null && g.matches("\\d{1,18}") ? Long.parseLong(g) : -1;
    }

    /** The graph with its float initializers' values dropped: those live in the network's parameters. */
    static OnnxModel withoutWeights(OnnxModel m) {
        List<OnnxModel.Tensor> inits = m.initializers().stream().map(OnnxModel.Tensor::withoutValues).toList();
        return new OnnxModel(m.irVersion(), m.opsets(), m.producer(), m.graphName(), m.nodes(), inits, m.inputs(),
                m.outputs());
    }

    private static void setInitializers(Network net, OnnxModel model, String source) {
        OnnxNetworkBlock block = (OnnxNetworkBlock) net.block();
        for (OnnxNetworkBlock.Binding b : block.bindings()) {
            OnnxModel.Tensor t = model.initializer(b.initializer());
            if (t == null) {
                throw new KintsugiException(source + ": the graph uses initializer " + b.initializer()
                        + ", which the file does not hold");
            }
            Parameter p = b.parameter();
            long[] want = p.getArray().getShape().getShape();
            if (b.transposed() && t.dims().length != 2) {
                throw new KintsugiException(source + ": initializer " + t.name() + " has shape "
                        + Arrays.toString(t.dims()) + " where the graph needs a matrix");
            }
            long[] have = b.transposed() ? new long[] {t.dims()[1], t.dims()[0]} : t.dims();
            if (t.floats() == null || t.floats().length != t.size() || !Arrays.equals(want, have)) {
                throw new KintsugiException(source + ": initializer " + t.name() + " has shape "
                        + Arrays.toString(t.dims()) + " where the graph needs " + Arrays.toString(want)
                        + (b.transposed() ? " (transposed)" : ""));
            }
            p.getArray().set(b.transposed() ? transpose(t.floats(), (int) t.dims()[0], (int) t.dims()[1])
                    : t.floats());
        }
    }

    /** Row-major {@code rows x cols} to {@code cols x rows}. */
    static float[] transpose(float[] v, int rows, int cols) {
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = v[r * cols + c];
            }
        }
        return out;
    }

    /**
     * The largest absolute difference between the network's outputs and ONNX Runtime's on the same
     * {@code samples} inputs (uniform in [0, 1], seeded), both after the graph's output activation.
     */
    public static double maxDifference(Network net, Path onnxFile, int samples, long seed) {
        int per = 1;
        for (int s : net.inputShape()) {
            per *= s;
        }
        float[] x = new float[samples * per];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        float[] ours = outputs(net, x, samples);
        float[] theirs;
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(onnxFile)) {
            theirs = ort.run(onnxInput(net, x, samples), onnxShape(net, samples));
        }
        if (theirs.length != ours.length) {
            throw new KintsugiException(onnxFile + ": ONNX Runtime returned " + theirs.length + " values, Kintsugi "
                    + ours.length);
        }
        double max = 0;
        for (int i = 0; i < ours.length; i++) {
            max = Math.max(max, Math.abs(ours[i] - theirs[i]));
        }
        return max;
    }

    /** The network's outputs as the ONNX graph defines them (its output activation applied). */
    public static float[] outputs(Network net, float[] x, int n) {
        try (NDManager m = net.manager().newSubManager()) {
            NDArray logits = net.forward(m.create(x, net.batchShape(n)), false);
            OnnxModel.Node act = OnnxNetworkBlock.of(net).outputActivation();
            if (act != null) {
                logits = logits.softmax((int) act.intAttribute("axis", -1));
            }
            return logits.toFloatArray();
        }
    }

    /** Kintsugi's raw NCHW inputs as the ONNX graph takes them: normalised, channels last if it wants. */
    public static float[] onnxInput(Network net, float[] x, int n) {
        ArchitectureSpec.Normalization norm = net.spec().normalization();
        boolean nhwc = "nhwc".equals(net.spec().option("layout"));
        try (NDManager m = net.manager().newSubManager()) {
            NDArray a = m.create(x, net.batchShape(n));
            if (norm != null) {
                a = Scalars.div(a.sub((float) norm.mean()), norm.std());
            }
            if (nhwc) {
                a = a.transpose(0, 2, 3, 1);
            }
            return a.toFloatArray();
        }
    }

    public static long[] onnxShape(Network net, int n) {
        long[] s = net.batchShape(n).getShape();
        if ("nhwc".equals(net.spec().option("layout"))) {
            return new long[] {s[0], s[2], s[3], s[1]};
        }
        return s;
    }
}
