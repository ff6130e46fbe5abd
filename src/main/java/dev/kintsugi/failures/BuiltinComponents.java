package dev.kintsugi.failures;

/** Registers the offline components that ship with Kintsugi under their names. */
final class BuiltinComponents {
    public static final String DESCRIBER = "background-prototypes";
    public static final String PROPOSER = "train-statistics";
    public static final String GENERATOR = "compositing";

    private static boolean done;

    private BuiltinComponents() {
    }

    static synchronized void registerOnce() {
        if (done) {
            return;
        }
        done = true;
    }
}
