package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;

import java.util.Locale;

/** The one source of training randomness a stability study varies from run to run; the others stay fixed. */
public enum Vary {
    /** Weight initialisation. */
    INIT,
    /** The order in which training samples are shuffled into batches. */
    ORDER,
    /** Random training-time augmentation ({@link dev.kintsugi.train.Augmentation}). */
    AUGMENTATION;

    public static Vary parse(String text) {
        for (Vary v : values()) {
            if (v.label().equals(text.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new KintsugiException("--vary must be init, order or augmentation, got " + text);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
