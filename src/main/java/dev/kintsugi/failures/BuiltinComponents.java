package dev.kintsugi.failures;

/**
 * Registers the offline components that ship with Kintsugi under their names: the background describer
 * (prototypes of each named background), the training split's attribute statistics as proposer, and the
 * compositing generator (training items of Fashion-MNIST under the same split seed).
 */
final class BuiltinComponents {
    public static final String DESCRIBER = "background-prototypes";
    public static final String PROPOSER = "attribute-statistics";
    public static final String GENERATOR = "compositing";

    private static boolean done;

    private BuiltinComponents() {
    }

    static synchronized void registerOnce() {
        if (done) {
            return;
        }
        done = true;
        ComponentChoice.registerDescriber(DESCRIBER, setting -> new BackgroundDescriber());
        ComponentChoice.registerProposer(PROPOSER, setting -> AttributeContextProposer.of(setting.splits().train(),
                setting.attribute()));
        ComponentChoice.registerGenerator(GENERATOR, setting -> CompositingGenerator.fromFashionMnist(
                setting.splitSeed()));
    }
}
