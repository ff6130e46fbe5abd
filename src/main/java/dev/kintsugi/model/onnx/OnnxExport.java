package dev.kintsugi.model.onnx;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.AtomicFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a network imported from ONNX back as ONNX: the imported graph node for node (Dropout, Identity and
 * the output Softmax included), its initializers replaced by the network's current parameter values.
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** True when {@code net} came from ONNX and can be written back as ONNX. */
    public static boolean canExport(Network net) {
        return net.block() instanceof OnnxNetworkBlock;
    }

    /** The ONNX bytes of {@code net}. */
    public static byte[] bytes(Network net) {
        if (!(net.block() instanceof OnnxNetworkBlock block)) {
            throw new KintsugiException("--export onnx needs a model imported from ONNX; " + net.spec().architecture()
                    + " was built by Kintsugi (its native model directory is the export)");
        }
        Map<String, float[]> values = new HashMap<>();
        for (OnnxNetworkBlock.Binding b : block.bindings()) {
            float[] v = b.parameter().getArray().toFloatArray();
            if (b.transposed()) {
                long[] s = b.parameter().getArray().getShape().getShape();
                v = OnnxImport.transpose(v, (int) s[0], (int) s[1]);
            }
            values.put(b.initializer(), v);
        }
        OnnxModel g = block.graph();
        List<OnnxModel.Tensor> inits = new ArrayList<>();
        for (OnnxModel.Tensor t : g.initializers()) {
            if (t.dataType() == OnnxModel.FLOAT) {
                float[] v = values.get(t.name());
                if (v == null) {
                    throw new KintsugiException("initializer " + t.name() + " is not a parameter of any layer");
                }
                inits.add(t.withFloats(v));
            } else {
                inits.add(t);
            }
        }
        return OnnxProtobuf.write(new OnnxModel(g.irVersion(), g.opsets(), g.producer(), g.graphName(), g.nodes(),
                inits, g.inputs(), g.outputs()));
    }

    /** Writes {@code net} to {@code file} atomically; an existing file is never replaced. */
    public static void write(Network net, Path file) {
        if (Files.exists(file)) {
            throw new KintsugiException(file + " already exists; Kintsugi never replaces a file (choose another path)");
        }
        AtomicFiles.write(file, bytes(net));
    }
}
