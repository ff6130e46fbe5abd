package dev.kintsugi.failures.adapters;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class OpenAiContextProposerTest {
    private static final String SECRET = "sk-test-9f8e7d6c5b4a";
    private static final ApiKey KEY = ApiKey.fromEnvironment("KINTSUGI_TEST_KEY", Map.of("KINTSUGI_TEST_KEY", SECRET));

    private static String chatAnswer(String content) {
        return Json.toString(Map.of("id", "chatcmpl-1", "object", "chat.completion",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content)))));
    }

    private static OpenAiContextProposer proposer(StubServer server, Duration timeout, List<String> vocabulary) {
        return new OpenAiContextProposer(server.uri("/v1"), "gpt-test", KEY, timeout, vocabulary);
    }

    /** The exception, after checking that neither it nor any cause mentions the key. */
    private static Throwable keyless(Throwable t) {
        assertThat(t).isInstanceOf(KintsugiException.class);
        assertThat(t.getMessage()).doesNotContain(SECRET).doesNotContain("\n");
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(SECRET);
            assertThat(c.toString()).doesNotContain(SECRET);
        }
        return t;
    }

    @Test
    void asksThePapersQuestionWithTheKeyAndParsesANumberedList() throws Exception {
        try (StubServer server = new StubServer().answer(200, chatAnswer("""
                Here are some uncommon backgrounds for a trouser:

                1. **Snowy mountain peaks** - rarely seen with trousers
                2. In the sky
                3. Underwater
                4. Snowy mountain peaks

                Let me know if you need more!"""))) {
            OpenAiContextProposer p = proposer(server, Duration.ofSeconds(5), null);
            assertThat(p.uncommonContexts("trouser")).containsExactly("snowy mountain peaks", "sky", "underwater");
            assertThat(p.uncommonContexts("trouser")).as("answers are kept").hasSize(3);

            assertThat(server.requests()).hasSize(1);
            StubServer.Request r = server.requests().get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/chat/completions");
            assertThat(r.authorization()).isEqualTo("Bearer " + SECRET);
            var body = Json.mapper().readTree(r.body());
            assertThat(body.path("model").asText()).isEqualTo("gpt-test");
            assertThat(body.path("messages").path(1).path("content").asText())
                    .isEqualTo("What are the uncommon backgrounds that a trouser can appear in?");
            assertThat(p.settings().toString()).doesNotContain(SECRET);
            assertThat(p.name()).doesNotContain(SECRET);
        }
    }

    @Test
    void mapsAnswersOntoAKnownVocabulary() throws Exception {
        try (StubServer server = new StubServer().answer(200,
                chatAnswer("```json\n[\"Snowy fields\", \"night sky\", \"a brick wall\", \"volcano\"]\n```"))) {
            OpenAiContextProposer p = proposer(server, Duration.ofSeconds(5),
                    List.of("sky", "grass", "snow", "brick", "night"));
            assertThat(p.uncommonContexts("shirt")).containsExactly("snow", "night", "sky", "brick");
        }
    }

    @Test
    void malformedAnswersAreOneLineErrors() throws Exception {
        try (StubServer server = new StubServer()) {
            OpenAiContextProposer p = proposer(server, Duration.ofSeconds(5), null);
            server.answer(200, "{\"error\": null, \"choices\": []}");
            assertThat(keyless(catchThrowable(() -> p.uncommonContexts("bag"))))
                    .hasMessageContaining("without choices[0].message.content for class 'bag'");
            server.answer(200, "<html>gateway says hi</html>");
            assertThat(keyless(catchThrowable(() -> p.uncommonContexts("coat"))))
                    .hasMessageContaining("not JSON: <html>gateway says hi</html>");
            server.answer(200, chatAnswer("I am sorry, but I cannot help with questions about where clothes may "
                    + "appear because that depends on many things."));
            assertThat(keyless(catchThrowable(() -> p.uncommonContexts("dress"))))
                    .hasMessageContaining("no list of backgrounds")
                    .hasMessageContaining("for class 'dress'");
        }
    }

    @Test
    void httpErrorsNeverShowTheKey() throws Exception {
        try (StubServer server = new StubServer().answer(500,
                "{\"error\": {\"message\": \"Incorrect API key provided: " + SECRET + "\"}}")) {
            Throwable t = keyless(catchThrowable(() -> proposer(server, Duration.ofSeconds(5), null)
                    .uncommonContexts("sandal")));
            assertThat(t).hasMessageContaining("answered HTTP 500").hasMessageContaining("Incorrect API key provided: ***");
        }
    }

    @Test
    void aDroppedConnectionIsTriedOnceMore() throws Exception {
        try (StubServer server = new StubServer().answer(200, chatAnswer("1. desert\n2. caves")).drop(1)) {
            assertThat(proposer(server, Duration.ofSeconds(5), null).uncommonContexts("bag"))
                    .containsExactly("desert", "caves");
            assertThat(server.requests()).hasSize(2);
        }
        try (StubServer server = new StubServer().answer(200, chatAnswer("1. desert")).drop(2)) {
            assertThat(keyless(catchThrowable(() -> proposer(server, Duration.ofSeconds(5), null)
                    .uncommonContexts("bag")))).hasMessageContaining("cannot talk to");
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void aStalledServerTimesOut() throws Exception {
        try (StubServer server = new StubServer().answer(200, chatAnswer("1. desert")).stall()) {
            long start = System.nanoTime();
            Throwable t = keyless(catchThrowable(() -> proposer(server, Duration.ofMillis(300), null)
                    .uncommonContexts("sneaker")));
            assertThat(t).hasMessageContaining("did not answer within 300 ms (timeout)");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
        }
    }

    @Test
    void unreachableServersAndBadSettingsAreRefused() throws Exception {
        URI closed;
        try (StubServer server = new StubServer()) {
            closed = server.uri("/v1/chat/completions");
        }
        OpenAiContextProposer p = new OpenAiContextProposer(closed, "m", KEY, Duration.ofSeconds(2), null);
        assertThat(keyless(catchThrowable(() -> p.uncommonContexts("bag")))).hasMessageContaining("cannot reach");
        assertThatThrownBy(() -> new OpenAiContextProposer(URI.create("ftp://x/y"), "m", null, Duration.ofSeconds(1),
                null)).isInstanceOf(KintsugiException.class).hasMessageContaining("not an http(s) address");
        assertThatThrownBy(() -> new OpenAiContextProposer(closed, " ", null, Duration.ofSeconds(1), null))
                .hasMessageContaining("--llm-model");
    }

    @Test
    void theKeyComesFromANamedVariableAndOnlyTheNameIsShown() {
        assertThat(KEY.toString()).isEqualTo("API key from $KINTSUGI_TEST_KEY").doesNotContain(SECRET);
        assertThatThrownBy(() -> ApiKey.fromEnvironment("MISSING_KEY", Map.of()))
                .hasMessageContaining("MISSING_KEY is not set");
        Throwable pasted = catchThrowable(() -> ApiKey.fromEnvironment(SECRET, Map.of()));
        assertThat(pasted).hasMessageContaining("NAME of an environment variable");
        assertThat(pasted.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void baseAddressesGetTheChatCompletionsPath() {
        assertThat(OpenAiContextProposer.chatCompletions(URI.create("https://api.example.com/v1/")))
                .hasToString("https://api.example.com/v1/chat/completions");
        assertThat(OpenAiContextProposer.chatCompletions(URI.create("http://h:8080/v1/chat/completions?x=1")))
                .hasToString("http://h:8080/v1/chat/completions?x=1");
        assertThat(JsonEndpoint.shown(URI.create("https://user:pw@h/v1/chat/completions?key=abc")))
                .isEqualTo("https://h/v1/chat/completions");
    }
}
