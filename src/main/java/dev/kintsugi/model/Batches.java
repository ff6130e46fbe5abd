package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kintsugi.data.Dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Turns slices of a dataset into NDArrays through one reused direct buffer. Creating arrays from fresh
 * Java arrays allocates off-heap memory that only the garbage collector frees, which made memory grow
 * by gigabytes over a few thousand batches; one buffer per loop keeps it flat. Not thread-safe: one
 * instance per loop, and each batch's arrays must be closed (via their sub-manager) before the next.
 */
public final class Batches {
    private final Dataset data;
    private final int sampleSize;
    private final int[] sampleShape;
    private final ByteBuffer inputBytes;
    private final FloatBuffer inputs;
    private final ByteBuffer labelBytes;

    public Batches(Dataset data, int maxBatch) {
        this.data = data;
        this.sampleSize = data.sampleSize();
        this.sampleShape = data.sampleShape();
        this.inputBytes = ByteBuffer.allocateDirect(maxBatch * sampleSize * Float.BYTES).order(ByteOrder.nativeOrder());
        this.inputs = inputBytes.asFloatBuffer();
        this.labelBytes = ByteBuffer.allocateDirect(maxBatch * Integer.BYTES).order(ByteOrder.nativeOrder());
    }

    /** Inputs of samples {@code order[from..to)} as a {@code [n, ...sampleShape]} float array. */
    public NDArray inputs(NDManager manager, int[] order, int from, int to) {
        int n = to - from;
        float[] all = data.featuresView();
        inputs.clear();
        for (int j = from; j < to; j++) {
            int i = order == null ? j : order[j];
            inputs.put(all, i * sampleSize, sampleSize);
        }
        inputBytes.clear().limit(n * sampleSize * Float.BYTES);
        return manager.create(inputBytes, shape(n), DataType.FLOAT32);
    }

    /** Labels of samples {@code order[from..to)} as an int32 vector. */
    public NDArray labels(NDManager manager, int[] order, int from, int to) {
        int n = to - from;
        labelBytes.clear();
        for (int j = from; j < to; j++) {
            labelBytes.putInt(data.label(order == null ? j : order[j]));
        }
        labelBytes.flip();
        return manager.create(labelBytes, new Shape(n), DataType.INT32);
    }

    private Shape shape(int n) {
        long[] s = new long[sampleShape.length + 1];
        s[0] = n;
        for (int i = 0; i < sampleShape.length; i++) {
            s[i + 1] = sampleShape[i];
        }
        return new Shape(s);
    }
}
