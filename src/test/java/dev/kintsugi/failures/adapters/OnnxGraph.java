package dev.kintsugi.failures.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a small ONNX model (opset 13, IR version 7) and writes its ModelProto bytes with {@link ProtoWriter}.
 * Field numbers are those of onnx.proto; only what the tests' graphs need is here. A dimension given as
 * {@code -1} becomes the symbolic dimension {@code "batch"} or {@code "sequence"} (by position).
 */
final class OnnxGraph {
    static final int FLOAT = 1;
    static final int INT64 = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();

    OnnxGraph input(String name, int elemType, long... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    OnnxGraph output(String name, int elemType, long... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    OnnxGraph floatInitializer(String name, float[] values, long... dims) {
        initializers.add(new ProtoWriter().packedLongs(1, dims).varint(2, FLOAT).packedFloats(4, values)
                .string(8, name));
        return this;
    }

    OnnxGraph longInitializer(String name, long[] values, long... dims) {
        initializers.add(new ProtoWriter().packedLongs(1, dims).varint(2, INT64).packedLongs(7, values)
                .string(8, name));
        return this;
    }

    /** A node; {@code intAttributes} are name/value pairs of INT attributes, e.g. {@code "axis", 1}. */
    OnnxGraph node(String opType, List<String> in, List<String> out, Object... intAttributes) {
        ProtoWriter n = new ProtoWriter();
        in.forEach(s -> n.string(1, s));
        out.forEach(s -> n.string(2, s));
        n.string(3, opType + "_" + nodes.size()).string(4, opType);
        for (int i = 0; i < intAttributes.length; i += 2) {
            n.message(5, new ProtoWriter().string(1, (String) intAttributes[i])
                    .varint(3, ((Number) intAttributes[i + 1]).longValue()).varint(20, 2));
        }
        nodes.add(n);
        return this;
    }

    byte[] toBytes() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "tiny");
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
        return new ProtoWriter().varint(1, 7).string(2, "kintsugi-tests").message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, 13)).toByteArray();
    }

    void write(Path file) throws IOException {
        Files.write(file, toBytes());
    }

    private static ProtoWriter valueInfo(String name, int elemType, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (int i = 0; i < dims.length; i++) {
            ProtoWriter dim = new ProtoWriter();
            if (dims[i] < 0) {
                dim.string(2, i == 0 ? "batch" : "sequence");
            } else {
                dim.varint(1, dims[i]);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
