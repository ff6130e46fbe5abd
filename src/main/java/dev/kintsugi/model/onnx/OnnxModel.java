package dev.kintsugi.model.onnx;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} Kintsugi reads and writes back: the graph's nodes verbatim, its
 * initializers, its input and output, and the opsets. Field meanings follow onnx.proto; nothing here is
 * interpreted (that is {@link OnnxGraphBuilder}'s job), so an imported graph is written back node for node.
 *
 * <p>Stored inside a model's spec as JSON with the float initializers' values left out (they are the
 * network's parameters); integer constants such as a Reshape's target shape keep their values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnnxModel(long irVersion, Map<String, Long> opsets, String producer, String graphName,
                        List<Node> nodes, List<Tensor> initializers, List<Value> inputs, List<Value> outputs) {

    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;

    /** A graph node: operator, inputs and outputs by tensor name, attributes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       List<Attribute> attributes) {
        public Attribute attribute(String key) {
            for (Attribute a : attributes) {
                if (a.name().equals(key)) {
                    return a;
                }
            }
            return null;
        }

        public long intAttribute(String key, long otherwise) {
            Attribute a = attribute(key);
            return a == null || a.i() == null ? otherwise : a.i();
        }

        public float floatAttribute(String key, float otherwise) {
            Attribute a = attribute(key);
            return a == null || a.f() == null ? otherwise : a.f();
        }

        public long[] intsAttribute(String key) {
            Attribute a = attribute(key);
            return a == null ? null : a.ints();
        }

        public String stringAttribute(String key, String otherwise) {
            Attribute a = attribute(key);
            return a == null || a.s() == null ? otherwise : a.s();
        }

        /** How an error message names this node. */
        public String label() {
            return opType + " node '" + (name == null || name.isEmpty() ? String.join(",", outputs) : name) + "'";
        }
    }

    /** An attribute; {@code type} is onnx.proto's AttributeType (1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attribute(String name, int type, Float f, Long i, String s, Tensor t, float[] floats, long[] ints) {
    }

    /**
     * A tensor: data type (1 FLOAT, 6 INT32, 7 INT64), dimensions and values ({@code floats} for FLOAT,
     * {@code longs} for the integer types; either may be null where values are stored elsewhere).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tensor(String name, int dataType, long[] dims, float[] floats, long[] longs) {
        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        public Tensor withoutValues() {
            return new Tensor(name, dataType, dims, null, longs);
        }

        public Tensor withFloats(float[] values) {
            return new Tensor(name, dataType, dims, values, longs);
        }
    }

    /** A graph input or output: element type and dimensions, each a number or a symbolic name. */
    public record Value(String name, int elemType, List<String> dims) {
    }

    public Tensor initializer(String name) {
        for (Tensor t : initializers) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
