package dev.kintsugi.failures.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HttpDiffusionGeneratorTest {
    private static final List<String> CLASSES = List.of("shirt", "trouser");

    /** A 64 x 48 PNG: red left half, green right half (the centre square spans columns 8..55). */
    private static String redGreenPng() {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 32, 48);
        g.setColor(Color.GREEN);
        g.fillRect(32, 0, 32, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Answers like AUTOMATIC1111: as many images as the request's batch_size. */
    private static StubServer.Reply txt2img(StubServer.Request r) {
        try {
            JsonNode req = Json.mapper().readTree(r.body());
            List<String> images = new ArrayList<>();
            for (int i = 0; i < req.path("batch_size").asInt(); i++) {
                images.add(redGreenPng());
            }
            return new StubServer.Reply(200, Json.toString(Map.of("images", images, "info", "{}")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpDiffusionGenerator generator(StubServer server, SampleShape shape) {
        HttpDiffusionGenerator.Settings s = new HttpDiffusionGenerator.Settings(HttpDiffusionGenerator.DEFAULT_PROMPT,
                "blurry", 20, 7.0, 64, 48, "Euler a", 4, Duration.ofSeconds(5));
        return new HttpDiffusionGenerator(server.uri("/"), null, s, shape, CLASSES);
    }

    @Test
    void postsThePromptInBatchesAndFitsImagesToTheModel() throws Exception {
        try (StubServer server = new StubServer().answer(HttpDiffusionGeneratorTest::txt2img)) {
            Dataset d = generator(server, new SampleShape(3, 8, 8, 0f, 1f)).generate("trouser", 1, "snow", 6, 100);
            assertThat(d.size()).isEqualTo(6);
            assertThat(d.sampleShape()).containsExactly(3, 8, 8);
            assertThat(d.labels()).containsOnly(1);
            assertThat(d.classNames()).isEqualTo(CLASSES);
            assertThat(d.attribute("background")).containsOnly("snow");

            assertThat(server.requests()).hasSize(2);
            JsonNode first = Json.mapper().readTree(server.requests().get(0).body());
            JsonNode second = Json.mapper().readTree(server.requests().get(1).body());
            assertThat(server.requests().get(0).path()).isEqualTo("/sdapi/v1/txt2img");
            assertThat(first.path("prompt").asText()).isEqualTo("a photo of a trouser on snow");
            assertThat(first.path("negative_prompt").asText()).isEqualTo("blurry");
            assertThat(first.path("seed").asLong()).isEqualTo(100);
            assertThat(first.path("batch_size").asInt()).isEqualTo(4);
            assertThat(second.path("seed").asLong()).isEqualTo(104);
            assertThat(second.path("batch_size").asInt()).isEqualTo(2);

            float[] x = d.sample(5);
            // red channel: left columns 1, right columns 0; green the reverse; blue 0 everywhere
            assertThat(x[0]).isCloseTo(1f, within(0.02f));
            assertThat(x[7]).isCloseTo(0f, within(0.02f));
            assertThat(x[64]).isCloseTo(0f, within(0.02f));
            assertThat(x[64 + 7]).isCloseTo(1f, within(0.02f));
            assertThat(x[128 + 3]).isCloseTo(0f, within(0.02f));
        }
    }

    @Test
    void greyModelsAndOtherValueRanges() throws Exception {
        try (StubServer server = new StubServer().answer(HttpDiffusionGeneratorTest::txt2img)) {
            Dataset grey = generator(server, new SampleShape(1, 6, 6, 0f, 1f)).generate("shirt", 0, "sky", 1, 0);
            assertThat(grey.sample(0)[0]).as("luma of red").isCloseTo(0.299f, within(0.02f));
            assertThat(grey.sample(0)[5]).as("luma of green").isCloseTo(0.587f, within(0.02f));
            Dataset signed = generator(server, new SampleShape(3, 4, 4, -1f, 1f)).generate("shirt", 0, "sky", 1, 0);
            assertThat(signed.sample(0)[0]).isCloseTo(1f, within(0.04f));
            assertThat(signed.sample(0)[16]).isCloseTo(-1f, within(0.04f));
        }
    }

    @Test
    void badAnswersAreOneLineErrors() throws Exception {
        try (StubServer server = new StubServer()) {
            HttpDiffusionGenerator g = generator(server, new SampleShape(3, 8, 8, 0f, 1f));
            server.answer(200, "{\"images\": []}");
            assertThatThrownBy(() -> g.generate("shirt", 0, "sky", 2, 0)).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("should answer {\"images\": [2 base64 images]}").hasMessageContaining("got 0 images");
            server.answer(200, "{\"images\": [\"%%%not base64\"]}");
            assertThatThrownBy(() -> g.generate("shirt", 0, "sky", 1, 0)).hasMessageContaining("not base64");
            server.answer(200, "{\"images\": [\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"]}");
            assertThatThrownBy(() -> g.generate("shirt", 0, "sky", 1, 0)).hasMessageContaining("not a PNG or JPEG");
            server.answer(500, "{\"error\": \"CUDA out of memory\"}");
            assertThatThrownBy(() -> g.generate("shirt", 0, "sky", 1, 0)).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("answered HTTP 500: {\"error\": \"CUDA out of memory\"}");
            assertThatThrownBy(() -> g.generate("shirt", 2, "sky", 1, 0)).hasMessageContaining("outside 0..1");
        }
        assertThatThrownBy(() -> new SampleShape(2, 8, 8, 0f, 1f)).hasMessageContaining("[1 or 3, height, width]");
        assertThatThrownBy(() -> SampleShape.unitRange(new int[] {20})).hasMessageContaining("image model");
    }

    @Test
    void aGridSentBeforeTheBatchIsSkipped() throws Exception {
        String grid = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}); // undecodable: must not be read
        try (StubServer server = new StubServer().answer(r -> new StubServer.Reply(200, Json.toString(Map.of(
                "images", List.of(grid, redGreenPng(), redGreenPng())))))) {
            Dataset d = generator(server, new SampleShape(3, 8, 8, 0f, 1f)).generate("shirt", 0, "sky", 2, 0);
            assertThat(d.size()).isEqualTo(2);
            assertThat(d.sample(1)[0]).isCloseTo(1f, within(0.02f));
        }
    }

    @Test
    void theApiPathIsAppendedOnce() {
        assertThat(HttpDiffusionGenerator.txt2img(java.net.URI.create("http://h:7860/")))
                .hasToString("http://h:7860/sdapi/v1/txt2img");
        assertThat(HttpDiffusionGenerator.txt2img(java.net.URI.create("http://h:7860/sdapi/v1/txt2img")))
                .hasToString("http://h:7860/sdapi/v1/txt2img");
    }
}
