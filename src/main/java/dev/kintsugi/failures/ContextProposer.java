package dev.kintsugi.failures;

import java.util.List;

/**
 * Proposes, per class, the uncommon contexts worth testing; the paper asks a language model "What are the
 * uncommon backgrounds that a {class} can appear in?". The built-in proposer reads the training split's
 * attribute statistics instead.
 */
public interface ContextProposer {
    String name();

    /** The uncommon contexts for one class, most relevant first; never null, may be empty. */
    List<String> uncommonContexts(String className);
}
