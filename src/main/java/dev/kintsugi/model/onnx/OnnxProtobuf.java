package dev.kintsugi.model.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.kintsugi.KintsugiException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes ONNX {@code ModelProto} bytes with protobuf-java's wire-format streams, using the field
 * numbers of onnx.proto (ONNX 1.x; they never change). Only the messages and fields {@link OnnxModel} holds
 * are read; the rest (docs, metadata, value_info) is skipped. Tensors stored outside the file
 * ({@code data_location = EXTERNAL}) are refused: a model file must not make Kintsugi read other files.
 */
public final class OnnxProtobuf {
    private OnnxProtobuf() {
    }

    /** Parses a model; {@code source} names the file in error messages. */
    public static OnnxModel read(byte[] bytes, String source) {
        try {
            OnnxModel m = model(CodedInputStream.newInstance(bytes));
            if (m.irVersion() <= 0 || m.nodes().isEmpty() || m.inputs().isEmpty() || m.outputs().isEmpty()) {
                throw new KintsugiException(source + " is not an ONNX model (no graph with nodes, inputs and outputs "
                        + "was found in it)");
            }
            return m;
        } catch (InvalidProtocolBufferException | IllegalArgumentException | IndexOutOfBoundsException
                 | java.nio.BufferUnderflowException e) {
            throw new KintsugiException(source + " is not an ONNX model or is truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new KintsugiException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    private static OnnxModel model(CodedInputStream in) throws IOException {
        long ir = 0;
        String producer = null;
        Map<String, Long> opsets = new LinkedHashMap<>();
        OnnxModel graph = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ir = in.readInt64();
                case 2 -> producer = in.readString();
                case 7 -> graph = graph(in.readBytes().newCodedInput());
                case 8 -> {
                    CodedInputStream op = in.readBytes().newCodedInput();
                    String domain = "";
                    long version = 0;
                    for (int t = op.readTag(); t != 0; t = op.readTag()) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case 1 -> domain = op.readString();
                            case 2 -> version = op.readInt64();
                            default -> op.skipField(t);
                        }
                    }
                    opsets.put(domain, version);
                }
                default -> in.skipField(tag);
            }
        }
        if (graph == null) {
            return new OnnxModel(ir, opsets, producer, null, List.of(), List.of(), List.of(), List.of());
        }
        return new OnnxModel(ir, opsets, producer, graph.graphName(), graph.nodes(), graph.initializers(),
                graph.inputs(), graph.outputs());
    }

    private static OnnxModel graph(CodedInputStream in) throws IOException {
        List<OnnxModel.Node> nodes = new ArrayList<>();
        List<OnnxModel.Tensor> inits = new ArrayList<>();
        List<OnnxModel.Value> inputs = new ArrayList<>();
        List<OnnxModel.Value> outputs = new ArrayList<>();
        String name = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodes.add(node(in.readBytes().newCodedInput()));
                case 2 -> name = in.readString();
                case 5 -> inits.add(tensor(in.readBytes().newCodedInput()));
                case 11 -> inputs.add(value(in.readBytes().newCodedInput()));
                case 12 -> outputs.add(value(in.readBytes().newCodedInput()));
                case 15 -> throw new InvalidProtocolBufferException("sparse initializers are not supported");
                default -> in.skipField(tag);
            }
        }
        // Older exporters list initializers among the inputs too; only real inputs count.
        List<OnnxModel.Value> realInputs = new ArrayList<>();
        for (OnnxModel.Value v : inputs) {
            if (inits.stream().noneMatch(t -> t.name().equals(v.name()))) {
                realInputs.add(v);
            }
        }
        return new OnnxModel(0, Map.of(), null, name, nodes, inits, realInputs, outputs);
    }

    private static OnnxModel.Node node(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<OnnxModel.Attribute> attributes = new ArrayList<>();
        String name = "";
        String op = "";
        String domain = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> op = in.readString();
                case 5 -> attributes.add(attribute(in.readBytes().newCodedInput()));
                case 7 -> domain = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new OnnxModel.Node(name, op, domain == null || domain.isEmpty() ? null : domain, inputs, outputs,
                attributes);
    }

    private static OnnxModel.Attribute attribute(CodedInputStream in) throws IOException {
        String name = "";
        int type = 0;
        Float f = null;
        Long i = null;
        String s = null;
        OnnxModel.Tensor t = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int wire = WireFormat.getTagWireType(tag);
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 20 -> type = in.readEnum();
                case 2 -> f = in.readFloat();
                case 3 -> i = in.readInt64();
                case 4 -> s = in.readBytes().toString(StandardCharsets.UTF_8);
                case 5 -> t = tensor(in.readBytes().newCodedInput());
                case 7 -> readFloats(in, wire, floats);
                case 8 -> readLongs(in, wire, ints);
                default -> in.skipField(tag);
            }
        }
        return new OnnxModel.Attribute(name, type, f, i, s, t, floats.isEmpty() && type != 6 ? null : toFloats(floats),
                ints.isEmpty() && type != 7 ? null : toLongs(ints));
    }

    private static OnnxModel.Tensor tensor(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        List<Float> floats = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        ByteString raw = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int wire = WireFormat.getTagWireType(tag);
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> readLongs(in, wire, dims);
                case 2 -> type = in.readInt32();
                case 4 -> readFloats(in, wire, floats);
                case 5, 7 -> readLongs(in, wire, longs);
                case 8 -> name = in.readString();
                case 9 -> raw = in.readBytes();
                case 14 -> {
                    if (in.readEnum() == 1) {
                        throw new InvalidProtocolBufferException("tensor stored in an external data file; Kintsugi "
                                + "reads only self-contained ONNX files (save with all tensors in one file)");
                    }
                }
                default -> in.skipField(tag);
            }
        }
        long[] shape = toLongs(dims);
        if (raw != null) {
            ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case OnnxModel.FLOAT -> {
                    float[] v = new float[raw.size() / 4];
                    b.asFloatBuffer().get(v);
                    return new OnnxModel.Tensor(name, type, shape, v, null);
                }
                case OnnxModel.INT64 -> {
                    long[] v = new long[raw.size() / 8];
                    b.asLongBuffer().get(v);
                    return new OnnxModel.Tensor(name, type, shape, null, v);
                }
                case OnnxModel.INT32 -> {
                    long[] v = new long[raw.size() / 4];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = b.getInt();
                    }
                    return new OnnxModel.Tensor(name, type, shape, null, v);
                }
                default -> {
                    return new OnnxModel.Tensor(name, type, shape, null, null);
                }
            }
        }
        return new OnnxModel.Tensor(name, type, shape, type == OnnxModel.FLOAT ? toFloats(floats) : null,
                type == OnnxModel.INT64 || type == OnnxModel.INT32 ? toLongs(longs) : null);
    }

    private static OnnxModel.Value value(CodedInputStream in) throws IOException {
        String name = "";
        int elem = 0;
        List<String> dims = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 2 -> {
                    CodedInputStream type = in.readBytes().newCodedInput();
                    for (int t = type.readTag(); t != 0; t = type.readTag()) {
                        if (WireFormat.getTagFieldNumber(t) == 1) {
                            CodedInputStream tensor = type.readBytes().newCodedInput();
                            for (int u = tensor.readTag(); u != 0; u = tensor.readTag()) {
                                switch (WireFormat.getTagFieldNumber(u)) {
                                    case 1 -> elem = tensor.readInt32();
                                    case 2 -> dims = shape(tensor.readBytes().newCodedInput());
                                    default -> tensor.skipField(u);
                                }
                            }
                        } else {
                            type.skipField(t);
                        }
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new OnnxModel.Value(name, elem, dims);
    }

    private static List<String> shape(CodedInputStream in) throws IOException {
        List<String> dims = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream dim = in.readBytes().newCodedInput();
            String d = "?";
            for (int t = dim.readTag(); t != 0; t = dim.readTag()) {
                switch (WireFormat.getTagFieldNumber(t)) {
                    case 1 -> d = Long.toString(dim.readInt64());
                    case 2 -> d = dim.readString();
                    default -> dim.skipField(t);
                }
            }
            dims.add(d);
        }
        return dims;
    }

    private static void readLongs(CodedInputStream in, int wire, List<Long> out) throws IOException {
        if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readInt64());
            }
            in.popLimit(limit);
        } else {
            out.add(in.readInt64());
        }
    }

    private static void readFloats(CodedInputStream in, int wire, List<Float> out) throws IOException {
        if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readFloat());
            }
            in.popLimit(limit);
        } else {
            out.add(in.readFloat());
        }
    }

    private static long[] toLongs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] toFloats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }

    // ---- writing ----------------------------------------------------------------------------------

    /** Serialises {@code model}; every float initializer must carry its values. */
    public static byte[] write(OnnxModel model) {
        Message graph = new Message();
        for (OnnxModel.Node n : model.nodes()) {
            graph.message(1, node(n));
        }
        graph.string(2, model.graphName() == null ? "kintsugi" : model.graphName());
        for (OnnxModel.Tensor t : model.initializers()) {
            graph.message(5, tensor(t));
        }
        model.inputs().forEach(v -> graph.message(11, value(v)));
        model.outputs().forEach(v -> graph.message(12, value(v)));
        Message m = new Message().int64(1, model.irVersion()).string(2, "kintsugi").message(7, graph);
        for (Map.Entry<String, Long> op : model.opsets().entrySet()) {
            m.message(8, new Message().string(1, op.getKey()).int64(2, op.getValue()));
        }
        return m.bytes();
    }

    private static Message node(OnnxModel.Node n) {
        Message m = new Message();
        n.inputs().forEach(s -> m.string(1, s));
        n.outputs().forEach(s -> m.string(2, s));
        m.string(3, n.name()).string(4, n.opType());
        if (n.domain() != null) {
            m.string(7, n.domain());
        }
        for (OnnxModel.Attribute a : n.attributes()) {
            Message am = new Message().string(1, a.name()).int64(20, a.type());
            if (a.f() != null) {
                am.float32(2, a.f());
            }
            if (a.i() != null) {
                am.int64(3, a.i());
            }
            if (a.s() != null) {
                am.string(4, a.s());
            }
            if (a.t() != null) {
                am.message(5, tensor(a.t()));
            }
            if (a.floats() != null) {
                am.packedFloats(7, a.floats());
            }
            if (a.ints() != null) {
                am.packedLongs(8, a.ints());
            }
            m.message(5, am);
        }
        return m;
    }

    private static Message tensor(OnnxModel.Tensor t) {
        Message m = new Message().packedLongs(1, t.dims()).int64(2, t.dataType());
        if (t.dataType() == OnnxModel.FLOAT) {
            if (t.floats() == null) {
                throw new IllegalStateException("initializer " + t.name() + " has no values to write");
            }
            ByteBuffer b = ByteBuffer.allocate(4 * t.floats().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.floats());
            m.string(8, t.name()).bytes(9, b.array());
        } else if (t.longs() != null) {
            m.packedLongs(t.dataType() == OnnxModel.INT32 ? 5 : 7, t.longs()).string(8, t.name());
        } else {
            throw new IllegalStateException("initializer " + t.name() + " of type " + t.dataType() + " cannot be written");
        }
        return m;
    }

    private static Message value(OnnxModel.Value v) {
        Message shape = new Message();
        for (String d : v.dims()) {
            Message dim = new Message();
            if (d.matches("-?\\d+")) {
                dim.int64(1, Long.parseLong(d));
            } else if (!d.equals("?")) {
                dim.string(2, d);
            }
            shape.message(1, dim);
        }
        Message tensorType = new Message().int64(1, v.elemType()).message(2, shape);
        return new Message().string(1, v.name()).message(2, new Message().message(1, tensorType));
    }

    /** A message being written: fields appended in order, nested messages as length-delimited bytes. */
    private static final class Message {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

        Message int64(int field, long v) {
            return io(() -> out.writeInt64(field, v));
        }

        Message float32(int field, float v) {
            return io(() -> out.writeFloat(field, v));
        }

        Message string(int field, String v) {
            return io(() -> out.writeString(field, v));
        }

        Message bytes(int field, byte[] v) {
            return io(() -> out.writeByteArray(field, v));
        }

        Message message(int field, Message m) {
            return bytes(field, m.bytes());
        }

        Message packedLongs(int field, long[] values) {
            return io(() -> {
                int size = 0;
                for (long v : values) {
                    size += CodedOutputStream.computeInt64SizeNoTag(v);
                }
                out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(size);
                for (long v : values) {
                    out.writeInt64NoTag(v);
                }
            });
        }

        Message packedFloats(int field, float[] values) {
            return io(() -> {
                out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(4 * values.length);
                for (float v : values) {
                    out.writeFloatNoTag(v);
                }
            });
        }

        byte[] bytes() {
            io(out::flush);
            return buffer.toByteArray();
        }

        private interface Write {
            void run() throws IOException;
        }

        private Message io(Write w) {
            try {
                w.run();
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory failed", e);
            }
            return this;
        }
    }
}
