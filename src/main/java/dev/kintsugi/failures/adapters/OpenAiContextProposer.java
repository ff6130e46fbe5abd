package dev.kintsugi.failures.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.failures.ContextProposer;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks a chat model for each class's uncommon backgrounds with the paper's question, "What are the uncommon
 * backgrounds that a {class} can appear in?", over any OpenAI-compatible chat-completions endpoint (OpenAI,
 * Azure-style proxies, vLLM, llama.cpp's server, Ollama's {@code /v1}). A system message asks for one short
 * background per line, without explanations, and the temperature is 0, so answers are as repeatable as the
 * service allows; the paper used ChatGPT 3.5 through its web interface and filtered redundant backgrounds by
 * hand, which {@link ContextListParser}'s normalisation and deduplication stand in for. With a vocabulary the
 * answers are mapped onto it ({@link VocabularyMatcher}), so they can name contexts a describer or generator
 * knows. One request per class; answers are kept for the proposer's lifetime.
 *
 * <p>Request: {@code POST <url>} with {@code {"model", "messages": [system, user], "temperature": 0}} and
 * {@code Authorization: Bearer <key>} when a key is given; answer: {@code choices[0].message.content}.
 */
public final class OpenAiContextProposer implements ContextProposer {
    public static final String QUESTION = "What are the uncommon backgrounds that a {class} can appear in?";
    static final String INSTRUCTION = "Answer with a list of short background names (one to three words each), "
            + "one per line, without explanations.";

    private final JsonEndpoint endpoint;
    private final String model;
    private final VocabularyMatcher vocabulary;
    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();

    /**
     * @param url        the chat-completions address; a base address such as {@code http://host/v1} gets
     *                   {@code /chat/completions} appended
     * @param model      the model name sent in the request, e.g. {@code gpt-3.5-turbo}
     * @param key        the API key, or null for a server that needs none
     * @param timeout    how long one request may take
     * @param vocabulary contexts to map the answers onto, or null to keep the model's phrases
     */
    public OpenAiContextProposer(URI url, String model, ApiKey key, Duration timeout, List<String> vocabulary) {
        if (model == null || model.isBlank()) {
            throw new KintsugiException("the chat endpoint needs a model name (--llm-model)");
        }
        this.endpoint = new JsonEndpoint(chatCompletions(url), timeout, key);
        this.model = model;
        this.vocabulary = vocabulary == null ? null : new VocabularyMatcher(vocabulary);
    }

    @Override
    public String name() {
        return "openai:" + endpoint.shown();
    }

    /** Settings safe to record in provenance: address, model, whether answers are mapped; never the key. */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("endpoint", endpoint.shown());
        s.put("model", model);
        s.put("question", QUESTION);
        s.put("mappedToVocabulary", vocabulary != null);
        return s;
    }

    @Override
    public List<String> uncommonContexts(String className) {
        return answers.computeIfAbsent(className, this::ask);
    }

    private List<String> ask(String className) {
        String question = QUESTION.replace("{class}", className);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(
                Map.of("role", "system", "content", INSTRUCTION),
                Map.of("role", "user", "content", question)));
        body.put("temperature", 0);
        JsonNode answer = endpoint.post(body);
        JsonNode content = answer.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new KintsugiException(endpoint.shown() + " answered without choices[0].message.content for class '"
                    + className + "': " + endpoint.safe(answer.toString()));
        }
        List<String> phrases = ContextListParser.parse(content.asText());
        if (phrases.isEmpty()) {
            throw new KintsugiException("no list of backgrounds in " + endpoint.shown() + "'s answer for class '"
                    + className + "': " + endpoint.safe(content.asText()));
        }
        return vocabulary == null ? phrases : vocabulary.map(phrases);
    }

    static URI chatCompletions(URI url) {
        return JsonEndpoint.withPath(url, "/chat/completions");
    }
}
