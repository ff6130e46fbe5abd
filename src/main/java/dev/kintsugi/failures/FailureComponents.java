package dev.kintsugi.failures;

/**
 * The three replaceable parts of the framework: who names each failure's context (CLIP in the paper), who
 * proposes the candidate contexts per class (ChatGPT), and who makes images for "{class} on {context}"
 * (Stable Diffusion). {@link Components} builds them from command-line choices, {@link BuiltinComponents} the
 * offline ones; closing releases what adapters hold (ONNX sessions).
 */
public record FailureComponents(Describer describer, ContextProposer proposer, Generator generator)
        implements AutoCloseable {
    @Override
    public void close() {
        Components.close(describer);
        Components.close(proposer);
        Components.close(generator);
    }

    public String describe() {
        return "describer " + describer.name() + ", proposer " + proposer.name() + ", generator " + generator.name();
    }
}
