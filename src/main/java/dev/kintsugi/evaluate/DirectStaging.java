package dev.kintsugi.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies slices of Java arrays into NDArrays through one reused direct buffer, for the reason given in
 * {@link dev.kintsugi.model.Batches}: arrays made from fresh Java arrays hold off-heap memory until the
 * garbage collector runs. One instance per array role in a loop; the array it made last must be closed
 * (with its sub-manager) before the next call.
 */
final class DirectStaging {
    private ByteBuffer bytes = ByteBuffer.allocateDirect(0);

    NDArray floats(NDManager manager, float[] source, int from, int count, Shape shape) {
        ensure(count);
        bytes.clear();
        bytes.asFloatBuffer().put(source, from, count);
        bytes.limit(count * Float.BYTES);
        return manager.create(bytes, shape, DataType.FLOAT32);
    }

    NDArray ints(NDManager manager, int[] source, int from, int count) {
        ensure(count);
        bytes.clear();
        bytes.asIntBuffer().put(source, from, count);
        bytes.limit(count * Integer.BYTES);
        return manager.create(bytes, new Shape(count), DataType.INT32);
    }

    private void ensure(int count) {
        if (bytes.capacity() < count * 4) {
            bytes = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
        }
    }
}
