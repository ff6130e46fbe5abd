package dev.kintsugi.failures;

/**
 * The three replaceable parts of the framework: who names each failure's context (CLIP in the paper), who
 * proposes the candidate contexts per class (ChatGPT), and who makes images for "{class} on {context}"
 * (Stable Diffusion). {@link ComponentChoice} builds them from names.
 */
public record FailureComponents(Describer describer, ContextProposer proposer, Generator generator) {
    public String describe() {
        return "describer " + describer.name() + ", proposer " + proposer.name() + ", generator " + generator.name();
    }
}
