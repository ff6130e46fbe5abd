package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Arithmetic of an array with a number, safe under autograd. DJL's {@code NDArray.mul(Number)}, {@code div},
 * {@code maximum}, {@code minimum} and {@code pow} (and their in-place forms) wrap the number in a scalar tensor
 * whose memory is a Java direct buffer, and close that tensor before returning. Autograd keeps a reference to the
 * scalar (the backward of {@code a * s} is {@code grad * s}), but not to the Java buffer: once the garbage
 * collector frees the buffer, the backward pass reads freed memory, and the gradients (hence the repaired
 * weights, the PGD steps) change with the collector's timing or become NaN. Found through DeepRepair's loss,
 * which went NaN in some runs with the same seed (docs/DETERMINISM.md).
 *
 * <p>Here the scalar is a tensor PyTorch allocated itself (a typed copy), which autograd's reference keeps
 * alive, so closing the Java handle right away is safe. The scalar takes the array's data type, as PyTorch's
 * type promotion did with DJL's scalar, so results are the same numbers. {@code ScalarArithmeticTest} fails the
 * build when main code calls the DJL forms.
 */
public final class Scalars {
    private Scalars() {
    }

    public static NDArray mul(NDArray a, double v) {
        return with(a, v, NDArray::mul);
    }

    public static NDArray div(NDArray a, double v) {
        return with(a, v, NDArray::div);
    }

    public static NDArray maximum(NDArray a, double v) {
        return with(a, v, NDArray::maximum);
    }

    public static NDArray minimum(NDArray a, double v) {
        return with(a, v, NDArray::minimum);
    }

    public static NDArray pow(NDArray a, double v) {
        return with(a, v, NDArray::pow);
    }

    /** In place: {@code a *= v}. */
    public static NDArray muli(NDArray a, double v) {
        return with(a, v, NDArray::muli);
    }

    /** {@code op(a, scalar v)}, the scalar's handle closed after (its memory lives on in autograd's graph). */
    private static NDArray with(NDArray a, double v, java.util.function.BinaryOperator<NDArray> op) {
        try (NDArray s = scalar(a, v)) {
            return op.apply(a, s);
        }
    }

    /** A 0-d tensor of {@code a}'s type holding {@code v}, in memory PyTorch owns (a clone), on {@code a}'s manager. */
    static NDArray scalar(NDArray a, double v) {
        try (NDManager temporary = a.getManager().newSubManager()) {
            NDArray owned = temporary.create(v).toType(a.getDataType(), false).duplicate();
            owned.attach(a.getManager());
            return owned;
        }
    }
}
