package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.failures.Components;
import dev.kintsugi.failures.ContextProposer;
import dev.kintsugi.failures.Describer;
import dev.kintsugi.failures.Generator;
import dev.kintsugi.failures.adapters.HttpDiffusionGenerator;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code kintsugi failures} options that choose the describer, context proposer and generator: the
 * built-in ones or adapters for CLIP (ONNX), a chat model and a diffusion server. A thin layer over
 * {@link Components}; the command passes the built-ins as suppliers.
 */
final class FailureComponentOptions {
    @Option(names = "--describer", paramLabel = "background|clip:DIR", defaultValue = "background",
            description = "Who describes each failure's context: the built-in background matcher, or CLIP's image "
                    + "and text encoders as ONNX files in DIR (see the README). Default: ${DEFAULT-VALUE}.")
    String describer;

    @Option(names = "--proposer", paramLabel = "attributes|openai:URL", defaultValue = "attributes",
            description = "Who proposes each class's uncommon contexts: the training split's attribute statistics, "
                    + "or an OpenAI-compatible chat endpoint at URL. Default: ${DEFAULT-VALUE}.")
    String proposer;

    @Option(names = "--llm-model", paramLabel = "NAME", defaultValue = "gpt-3.5-turbo",
            description = "Model name sent to the chat endpoint (default: ${DEFAULT-VALUE}, as in the paper).")
    String llmModel;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "NAME of the environment variable holding the chat endpoint's key (never the key itself; "
                    + "it is never logged or recorded). Default: " + Components.DEFAULT_KEY_VARIABLE
                    + " if it is set, else no key.")
    String apiKeyEnv;

    @Option(names = "--llm-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Timeout of one chat request (default: ${DEFAULT-VALUE} s).")
    int llmTimeout;

    @Option(names = "--free-contexts",
            description = "Keep the chat model's own phrases instead of mapping them onto the dataset's known "
                    + "contexts (for --describer clip with --generator diffusion, which take any phrase).")
    boolean freeContexts;

    @Option(names = "--generator", paramLabel = "composite|diffusion:URL", defaultValue = "composite",
            description = "Who makes the targeted images: compositing training items onto the background, or an "
                    + "AUTOMATIC1111-style txt2img server at URL. Default: ${DEFAULT-VALUE}.")
    String generator;

    @Option(names = "--diffusion-steps", paramLabel = "N", defaultValue = "20",
            description = "Sampling steps per image on the diffusion server (default: ${DEFAULT-VALUE}).")
    int diffusionSteps;

    @Option(names = "--diffusion-size", paramLabel = "PIXELS", defaultValue = "512",
            description = "Side of the images the diffusion server makes, before they are fitted to the model "
                    + "(default: ${DEFAULT-VALUE}).")
    int diffusionSize;

    @Option(names = "--diffusion-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Timeout of one diffusion request (default: ${DEFAULT-VALUE} s).")
    int diffusionTimeout;

    @Option(names = "--diffusion-key-env", paramLabel = "VAR",
            description = "NAME of an environment variable with a bearer token for a hosted diffusion server "
                    + "(default: none).")
    String diffusionKeyEnv;

    Describer describer(Supplier<Describer> background, PrintStream log) {
        return Components.describer(describer, background, log);
    }

    ContextProposer proposer(Supplier<ContextProposer> attributes, List<String> knownContexts) {
        return Components.proposer(proposer, new Components.LlmOptions(llmModel, apiKeyEnv,
                seconds("--llm-timeout", llmTimeout), freeContexts), knownContexts, attributes);
    }

    Generator generator(Supplier<Generator> composite, int[] inputShape, List<String> classNames) {
        HttpDiffusionGenerator.Settings d = HttpDiffusionGenerator.Settings.defaults();
        HttpDiffusionGenerator.Settings settings = new HttpDiffusionGenerator.Settings(d.prompt(), d.negativePrompt(),
                diffusionSteps, d.cfgScale(), diffusionSize, diffusionSize, d.sampler(), d.batchSize(),
                seconds("--diffusion-timeout", diffusionTimeout));
        return Components.generator(generator, new Components.DiffusionOptions(settings, diffusionKeyEnv), inputShape,
                classNames, composite);
    }

    private static Duration seconds(String option, int value) {
        if (value < 1) {
            throw new KintsugiException(option + " must be at least 1 second, got " + value);
        }
        return Duration.ofSeconds(value);
    }
}
