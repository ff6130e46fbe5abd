package dev.kintsugi.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBaseBlock;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import dev.kintsugi.KintsugiException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Counts a block's parameter values before any is allocated, so a zoo network whose options are each allowed but
 * together enormous ({@code mlp hidden=65536,65536}: 4.3 billion values, 17 GB before the optimiser's copies) is
 * refused in one line instead of exhausting memory or training for days. Each leaf block is only prepared
 * (DJL's {@code beforeInitialize} and {@code prepare} set parameter shapes without allocating them) on a block
 * built for this count alone. ParameterBudgetTest checks the count against every built zoo network.
 */
public final class ParameterBudget {
    /**
     * The most parameter values a zoo network may have: 100 million floats are 0.4 GB, about 1.6 GB with their
     * gradients and Adam's two moments; far above the zoo's own sizes (LeNet-5 has 61,706), far below a machine's
     * memory.
     */
    public static final long MAX_PARAMETERS = 100_000_000L;

    private static final Method BEFORE_INITIALIZE;
    private static final Method PREPARE;

    static {
        try {
            // both, as initialize calls them: some blocks (BatchNorm) read their input's size in the first
            BEFORE_INITIALIZE = AbstractBaseBlock.class.getDeclaredMethod("beforeInitialize", Shape[].class);
            BEFORE_INITIALIZE.setAccessible(true);
            PREPARE = AbstractBaseBlock.class.getDeclaredMethod("prepare", Shape[].class);
            PREPARE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ParameterBudget() {
    }

    /** Refuses, in one line, a network of {@code architecture} with more than {@link #MAX_PARAMETERS} values. */
    static void require(String architecture, Block fresh, Shape input) {
        OptionalLong n = count(fresh, input);
        if (n.isPresent() && n.getAsLong() > MAX_PARAMETERS) {
            throw new KintsugiException(String.format(Locale.ROOT, "%s with these options would have %,d parameter "
                    + "values; the zoo builds at most %,d (choose smaller --opt sizes)", architecture, n.getAsLong(),
                    MAX_PARAMETERS));
        }
    }

    /**
     * The parameter values {@code block} would have for {@code input} (batch dimension included), or empty where
     * it holds a composite block this walk does not know. {@code block} is prepared by this call: count on a block
     * built for the purpose.
     */
    public static OptionalLong count(Block block, Shape input) {
        try {
            long n = count(block, new Shape[] {input});
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (RuntimeException e) {
            return OptionalLong.empty(); // a block that cannot say its shapes unallocated is counted once built
        }
    }

    private static long count(Block block, Shape[] in) {
        if (block instanceof SequentialBlock s) {
            long n = 0;
            Shape[] shapes = in;
            for (Pair<String, Block> child : s.getChildren()) {
                long c = count(child.getValue(), shapes);
                if (c < 0) {
                    return -1;
                }
                n = Math.addExact(n, c);
                shapes = child.getValue().getOutputShapes(shapes);
            }
            return n;
        }
        if (block instanceof ParallelBlock p) {
            long n = 0;
            for (Pair<String, Block> branch : p.getChildren()) {
                long c = count(branch.getValue(), in);
                if (c < 0) {
                    return -1;
                }
                n = Math.addExact(n, c);
            }
            return n;
        }
        if (!block.getChildren().isEmpty() || !(block instanceof AbstractBaseBlock)) {
            return -1;
        }
        try {
            BEFORE_INITIALIZE.invoke(block, (Object) in);
            PREPARE.invoke(block, (Object) in);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return -1;
        }
        long n = 0;
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            Shape shape = p.getValue().getShape();
            if (shape == null) {
                return -1;
            }
            n = Math.addExact(n, shape.size());
        }
        return n;
    }
}
