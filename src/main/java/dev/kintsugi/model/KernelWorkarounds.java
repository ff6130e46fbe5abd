package dev.kintsugi.model;

/**
 * Workarounds for faults in the engine's native kernels, and the record of which are in force (they are
 * part of what a run's numbers depend on, so provenance and {@code kintsugi env} print them).
 *
 * <p><b>Convolution input gradients.</b> In the oneDNN v3.7.1 that DJL's PyTorch 2.7.1 CPU natives ship,
 * the JIT backward-data kernel of a stride-1 convolution returns wrong input gradients (errors of order 1,
 * sometimes NaN, varying with thread count) when the number of output channels is not a multiple of the
 * kernel's SIMD block: 16 on AVX-512, 8 on AVX2. Forward results are right; in training with 2 threads
 * even a first convolution of such a width (whose input needs no gradient) made repeats differ. A ResNet with
 * an 8-channel stem went NaN; every gradient taken with respect to inputs (LRP, attacks, saliency) was
 * wrong. The workaround zero-pads such a convolution's filters to a multiple of 16 whenever autograd is
 * recording, and slices the padding off the output: the same convolution, computed by kernels that are
 * right and repeatable. See docs/DETERMINISM.md.
 *
 * <p>Set the system property {@code kintsugi.conv-padding=off} (or the environment variable
 * {@code KINTSUGI_CONV_PADDING=off}) to run the natives' kernel as it is, for example to check whether a
 * newer engine still needs the workaround.
 */
public final class KernelWorkarounds {
    /** Channel multiple that every affected SIMD block (8 or 16 floats) divides. */
    public static final int CONV_CHANNEL_MULTIPLE = 16;

    private KernelWorkarounds() {
    }

    /** Whether convolutions pad their filters to {@link #CONV_CHANNEL_MULTIPLE} while autograd records. */
    public static boolean convChannelPadding() {
        String v = System.getProperty("kintsugi.conv-padding");
        if (v == null) {
            v = System.getenv("KINTSUGI_CONV_PADDING");
        }
        return v == null || !(v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false"));
    }

    /** One line for provenance and {@code kintsugi env}: the workarounds in force. */
    public static String describe() {
        return convChannelPadding()
                ? "conv-channel-padding (convolutions pad filters to a multiple of "
                        + CONV_CHANNEL_MULTIPLE + "; oneDNN 3.7 backward-data fault)"
                : "none (conv-channel-padding switched off)";
    }
}
