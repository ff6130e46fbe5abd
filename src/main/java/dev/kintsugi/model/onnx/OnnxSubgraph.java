package dev.kintsugi.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of an ONNX graph that is not a chain (a residual block, a concatenation of branches) run as one
 * Kintsugi layer: one tensor in, one tensor out, its steps in the graph's topological order. A step is a
 * child block on one named tensor, or an elementwise {@code Add} / a {@code Concat} of named tensors.
 */
final class OnnxSubgraph extends AbstractBlock {
    /** One step: {@code block} applied to {@code inputs[0]}, or {@code op} ("Add", "Concat") on all inputs. */
    record Step(Block block, String op, int axis, List<String> inputs, String output) {
    }

    private final String input;
    private final String output;
    private final List<Step> steps;

    OnnxSubgraph(String input, String output, List<Step> steps) {
        this.input = input;
        this.output = output;
        this.steps = List.copyOf(steps);
        int i = 0;
        for (Step s : steps) {
            if (s.block() != null) {
                addChildBlock("step" + i, s.block());
            }
            i++;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Map<String, NDArray> values = new HashMap<>();
        values.put(input, inputs.singletonOrThrow());
        for (Step s : steps) {
            NDArray out;
            if (s.block() != null) {
                out = s.block().forward(store, new NDList(values.get(s.inputs().get(0))), training).singletonOrThrow();
            } else if (s.op().equals("Add")) {
                out = values.get(s.inputs().get(0));
                for (int k = 1; k < s.inputs().size(); k++) {
                    out = out.add(values.get(s.inputs().get(k)));
                }
            } else {
                NDList parts = new NDList();
                s.inputs().forEach(n -> parts.add(values.get(n)));
                out = NDArrays.concat(parts, s.axis());
            }
            values.put(s.output(), out);
        }
        return new NDList(values.get(output));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {shapes(inputShapes[0], null, null).get(output)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        shapes(inputShapes[0], manager, dataType);
    }

    /** Every tensor's shape; initialises the child blocks on the way when a manager is given. */
    private Map<String, Shape> shapes(Shape in, NDManager manager, DataType dataType) {
        Map<String, Shape> shapes = new HashMap<>();
        shapes.put(input, in);
        for (Step s : steps) {
            Shape out;
            if (s.block() != null) {
                Shape x = shapes.get(s.inputs().get(0));
                if (manager != null) {
                    s.block().initialize(manager, dataType, x);
                }
                out = s.block().getOutputShapes(new Shape[] {x})[0];
            } else if (s.op().equals("Add")) {
                out = shapes.get(s.inputs().get(0));
            } else {
                long[] dims = shapes.get(s.inputs().get(0)).getShape().clone();
                int axis = s.axis() < 0 ? dims.length + s.axis() : s.axis();
                dims[axis] = 0;
                for (String n : s.inputs()) {
                    dims[axis] += shapes.get(n).get(axis);
                }
                out = new Shape(dims);
            }
            shapes.put(s.output(), out);
        }
        return shapes;
    }
}
