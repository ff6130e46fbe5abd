package dev.kintsugi.failures.adapters;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.failures.Components;
import dev.kintsugi.failures.ContextProposer;
import dev.kintsugi.failures.Describer;
import dev.kintsugi.failures.Description;
import dev.kintsugi.failures.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class ComponentsTest {
    private static final Describer BACKGROUND = new Describer() {
        @Override
        public String name() {
            return "background-prototypes";
        }

        @Override
        public List<Description> describe(Dataset images, List<String> contexts) {
            return List.of();
        }
    };
    private static final ContextProposer ATTRIBUTES = new ContextProposer() {
        @Override
        public String name() {
            return "attributes";
        }

        @Override
        public List<String> uncommonContexts(String className) {
            return List.of();
        }
    };
    private static final Generator COMPOSITE = new Generator() {
        @Override
        public String name() {
            return "composite";
        }

        @Override
        public Dataset generate(String className, int classIndex, String context, int count, long seed) {
            throw new UnsupportedOperationException("not called");
        }
    };
    private static final Components.LlmOptions LLM = new Components.LlmOptions("m", null, Duration.ofSeconds(5), false);
    private static final Components.DiffusionOptions DIFFUSION = new Components.DiffusionOptions(
            HttpDiffusionGenerator.Settings.defaults(), null);

    @Test
    void builtInsAreTheDefaultsAndAdaptersAreChosenByPrefix(@TempDir Path dir) throws Exception {
        assertThat(Components.describer("background", () -> BACKGROUND, null)).isSameAs(BACKGROUND);
        assertThat(Components.proposer("attributes", LLM, null, () -> ATTRIBUTES)).isSameAs(ATTRIBUTES);
        assertThat(Components.generator("composite", DIFFUSION, new int[] {3, 28, 28}, List.of("a"), () -> COMPOSITE))
                .isSameAs(COMPOSITE);

        TinyClip.write(dir, 0);
        Describer clip = Components.describer("clip:" + dir, () -> BACKGROUND, null);
        try {
            assertThat(clip).isInstanceOf(ClipOnnxDescriber.class);
            assertThat(clip.name()).isEqualTo("clip-onnx");
        } finally {
            Components.close(clip);
        }
        Generator diffusion = Components.generator("diffusion:http://127.0.0.1:7860", DIFFUSION,
                new int[] {3, 28, 28}, List.of("a"), () -> COMPOSITE);
        assertThat(diffusion.name()).isEqualTo("diffusion:http://127.0.0.1:7860/sdapi/v1/txt2img");
    }

    @Test
    void theChatProposerMapsOntoKnownContextsUnlessToldNotTo() throws Exception {
        assumeThat(System.getenv(Components.DEFAULT_KEY_VARIABLE)).as("no default key in this environment").isNull();
        try (StubServer server = new StubServer().answer(200, "{\"choices\": [{\"message\": {\"content\": "
                + "\"1. Snowy mountains\\n2. Brick alleys\"}}]}")) {
            String spec = "openai:" + server.uri("/v1");
            ContextProposer mapped = Components.proposer(spec, LLM, List.of("snow", "brick", "sky"), () -> ATTRIBUTES);
            assertThat(mapped.uncommonContexts("coat")).containsExactly("snow", "brick");
            ContextProposer free = Components.proposer(spec,
                    new Components.LlmOptions("m", null, Duration.ofSeconds(5), true), List.of("snow"), () -> ATTRIBUTES);
            assertThat(free.uncommonContexts("coat")).containsExactly("snowy mountains", "brick alleys");
            assertThat(server.requests()).allSatisfy(r -> assertThat(r.authorization()).isNull());
            assertThat(Components.provenance(BACKGROUND, mapped, COMPOSITE))
                    .isEqualTo(Map.of("describer", "background-prototypes",
                            "proposer", "openai:" + server.uri("/v1/chat/completions"), "generator", "composite"));
        }
    }

    @Test
    void badChoicesNameTheOptions() {
        assertThatThrownBy(() -> Components.describer("clip", () -> BACKGROUND, null))
                .isInstanceOf(KintsugiException.class)
                .hasMessage("--describer must be background or clip:DIR, got 'clip'");
        assertThatThrownBy(() -> Components.describer("background:x", () -> BACKGROUND, null))
                .hasMessageContaining("--describer must be");
        assertThatThrownBy(() -> Components.proposer("chatgpt", LLM, null, () -> ATTRIBUTES))
                .hasMessage("--proposer must be attributes or openai:URL, got 'chatgpt'");
        assertThatThrownBy(() -> Components.generator("diffusion:localhost", DIFFUSION, new int[] {1, 28, 28},
                List.of("a"), () -> COMPOSITE)).hasMessageContaining("--generator: not a URL");
        assertThatThrownBy(() -> Components.proposer("openai:http://127.0.0.1:9/v1",
                new Components.LlmOptions("m", "KINTSUGI_SURELY_UNSET_VARIABLE", Duration.ofSeconds(1), false), null,
                () -> ATTRIBUTES)).hasMessageContaining("KINTSUGI_SURELY_UNSET_VARIABLE is not set");
        assertThatThrownBy(() -> Components.describer("clip:/nonexistent/clip", () -> BACKGROUND, null))
                .hasMessageContaining("not a folder of CLIP encoders");
    }
}
