package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.failures.adapters.ApiKey;
import dev.kintsugi.failures.adapters.ClipOnnxDescriber;
import dev.kintsugi.failures.adapters.HttpDiffusionGenerator;
import dev.kintsugi.failures.adapters.OpenAiContextProposer;
import dev.kintsugi.failures.adapters.SampleShape;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Picks the failure pipeline's components from command-line choices: the built-in ones (made by the pipeline,
 * passed in as suppliers because they need its data) or an adapter for a large model the user has.
 *
 * <ul>
 *   <li>describer: {@code background} (built-in) or {@code clip:DIR}, a folder of CLIP ONNX encoders;</li>
 *   <li>proposer: {@code attributes} (built-in) or {@code openai:URL}, an OpenAI-compatible chat endpoint;</li>
 *   <li>generator: {@code composite} (built-in) or {@code diffusion:URL}, an AUTOMATIC1111-style txt2img server.</li>
 * </ul>
 * Adapters hold native sessions or connections; close what is {@link AutoCloseable} with {@link #close(Object)}.
 */
public final class Components {
    public static final List<String> DESCRIBERS = List.of("background", "clip:DIR");
    public static final List<String> PROPOSERS = List.of("attributes", "openai:URL");
    public static final List<String> GENERATORS = List.of("composite", "diffusion:URL");
    /** The environment variable read for the chat endpoint's key when none is named, if it is set. */
    public static final String DEFAULT_KEY_VARIABLE = "OPENAI_API_KEY";

    /**
     * How to talk to the chat endpoint.
     *
     * @param model          the model name, e.g. {@code gpt-3.5-turbo} (the paper used ChatGPT 3.5)
     * @param apiKeyVariable the NAME of the environment variable holding the key; null uses
     *                       {@value #DEFAULT_KEY_VARIABLE} if it is set and sends no key otherwise
     * @param timeout        per request
     * @param freeContexts   keep the model's own phrases instead of mapping them onto the known contexts
     */
    public record LlmOptions(String model, String apiKeyVariable, Duration timeout, boolean freeContexts) {
    }

    /**
     * How to talk to the diffusion server.
     *
     * @param settings       prompt, steps, size, batch and timeout
     * @param apiKeyVariable the NAME of an environment variable with a bearer token, or null for none
     */
    public record DiffusionOptions(HttpDiffusionGenerator.Settings settings, String apiKeyVariable) {
    }

    private Components() {
    }

    /** {@code spec} is {@code background} or {@code clip:DIR}; progress of the CLIP describer goes to {@code log}. */
    public static Describer describer(String spec, Supplier<Describer> background, PrintStream log) {
        ComponentSpec s = ComponentSpec.parse("--describer", spec, List.of("background"), List.of("clip:DIR"));
        return s.kind().equals("background") ? background.get() : ClipOnnxDescriber.open(Path.of(s.argument()), log);
    }

    /**
     * {@code spec} is {@code attributes} or {@code openai:URL}. {@code knownContexts} (may be null) are the
     * contexts the rest of the pipeline can handle; the chat model's answers are mapped onto them unless
     * {@link LlmOptions#freeContexts()}.
     */
    public static ContextProposer proposer(String spec, LlmOptions llm, List<String> knownContexts,
                                           Supplier<ContextProposer> attributes) {
        ComponentSpec s = ComponentSpec.parse("--proposer", spec, List.of("attributes"), List.of("openai:URL"));
        if (s.kind().equals("attributes")) {
            return attributes.get();
        }
        ApiKey key = llm.apiKeyVariable() != null ? ApiKey.fromEnvironment(llm.apiKeyVariable())
                : System.getenv(DEFAULT_KEY_VARIABLE) != null ? ApiKey.fromEnvironment(DEFAULT_KEY_VARIABLE) : null;
        List<String> vocabulary = llm.freeContexts() ? null : knownContexts;
        return new OpenAiContextProposer(uri("--proposer", s.argument()), llm.model(), key, llm.timeout(), vocabulary);
    }

    /**
     * {@code spec} is {@code composite} or {@code diffusion:URL}; generated images are fitted to
     * {@code inputShape} ({@code [C, H, W]}, pixels in [0, 1] as Kintsugi's image datasets hold them).
     */
    public static Generator generator(String spec, DiffusionOptions diffusion, int[] inputShape, List<String> classNames,
                                      Supplier<Generator> composite) {
        ComponentSpec s = ComponentSpec.parse("--generator", spec, List.of("composite"), List.of("diffusion:URL"));
        if (s.kind().equals("composite")) {
            return composite.get();
        }
        ApiKey key = diffusion.apiKeyVariable() == null ? null : ApiKey.fromEnvironment(diffusion.apiKeyVariable());
        return new HttpDiffusionGenerator(uri("--generator", s.argument()), key, diffusion.settings(),
                SampleShape.unitRange(inputShape), classNames);
    }

    /** What was chosen, for provenance: the components' names (addresses without user info), never a key. */
    public static Map<String, Object> provenance(Describer describer, ContextProposer proposer, Generator generator) {
        return Map.of("describer", describer.name(), "proposer", proposer.name(), "generator", generator.name());
    }

    /** Closes {@code component} if it holds resources (the CLIP describer's ONNX sessions). */
    public static void close(Object component) {
        if (component instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new KintsugiException("cannot close " + component.getClass().getSimpleName() + " ("
                        + e.getMessage() + ")", e);
            }
        }
    }

    private static URI uri(String option, String text) {
        try {
            URI u = new URI(text);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new URISyntaxException(text, "needs http:// or https:// and a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new KintsugiException(option + ": not a URL (" + e.getReason() + ")", e);
        }
    }
}
