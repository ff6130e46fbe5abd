package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureComponentOptionsTest {
    @Command(name = "probe")
    static final class Probe {
        @Mixin
        FailureComponentOptions components;
    }

    private static FailureComponentOptions parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.components;
    }

    @Test
    void defaultsAreTheBuiltIns() {
        FailureComponentOptions o = parse();
        assertThat(o.describer).isEqualTo("background");
        assertThat(o.proposer).isEqualTo("attributes");
        assertThat(o.generator).isEqualTo("composite");
        assertThat(o.llmModel).isEqualTo("gpt-3.5-turbo");
        assertThat(o.diffusionSize).isEqualTo(512);
    }

    @Test
    void adaptersAreBuiltFromTheOptions() {
        FailureComponentOptions o = parse("--generator", "diffusion:http://127.0.0.1:7860", "--diffusion-steps", "30",
                "--diffusion-size", "256");
        assertThat(o.generator(() -> null, new int[] {1, 28, 28}, java.util.List.of("a")).name())
                .isEqualTo("diffusion:http://127.0.0.1:7860/sdapi/v1/txt2img");
        FailureComponentOptions bad = parse("--proposer", "openai:http://127.0.0.1:9/v1", "--llm-timeout", "0");
        assertThatThrownBy(() -> bad.proposer(() -> null, null)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("--llm-timeout must be at least 1 second");
    }
}
