package dev.kintsugi.failures.adapters;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTest {
    private final ApiKey key = ApiKey.fromEnvironment("K", Map.of("K", "sk-Ab/cd+ef"));

    @Test
    void theKeyIsRedactedHoweverAServerEchoesIt() {
        assertThat(key.scrub("bad key sk-Ab/cd+ef")).isEqualTo("bad key ***");
        assertThat(key.scrub("{\"error\":\"bad key sk-Ab\\/cd+ef\"}")).isEqualTo("{\"error\":\"bad key ***\"}");
        assertThat(key.scrub("bad key SK-AB/CD+EF")).isEqualTo("bad key ***");
        assertThat(key.scrub("bad key sk\\u002dAb\\u002Fcd\\u002bef")).isEqualTo("bad key ***");
        assertThat(key.scrub("nothing here")).isEqualTo("nothing here");
        assertThat(key.toString()).doesNotContain("sk-");
    }
}
