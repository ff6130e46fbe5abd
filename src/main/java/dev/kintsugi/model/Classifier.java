package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * What evaluation needs from a model: logits for a batch of raw inputs, differentiable with respect to
 * those inputs. Kintsugi's own {@link Network} is one; a TorchScript model from outside is another.
 */
public interface Classifier extends AutoCloseable {
    /** Logits {@code [batch, classes]} for raw inputs {@code [batch, ...inputShape]}. */
    NDArray forward(NDArray inputs, boolean training);

    /** The manager whose sub-managers hold per-batch arrays. */
    NDManager manager();

    /** One sample's shape, for example {@code [1, 28, 28]}. */
    int[] inputShape();

    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    /** Shape of a batch of {@code n} inputs. */
    default Shape batchShape(int n) {
        int[] in = inputShape();
        long[] s = new long[in.length + 1];
        s[0] = n;
        for (int i = 0; i < in.length; i++) {
            s[i + 1] = in[i];
        }
        return new Shape(s);
    }

    /**
     * Resets accumulated parameter gradients; input-gradient computations (attacks) fill them as a side
     * effect of the backward pass.
     */
    void zeroGradients();

    /**
     * Stops recording gradients for the parameters until the returned handle is closed, which restores them.
     * An attack needs only the input's gradient; without the parameters' the backward pass skips their
     * weight gradients, about a fifth of a LeNet-5 PGD step, and the input gradient is bit for bit the same.
     */
    FrozenParameters freezeParameters();

    /** Closing it records parameter gradients again, as before {@link #freezeParameters()}. */
    interface FrozenParameters extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    void close();
}
