package dev.kintsugi.failures.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionBackgrounds;
import dev.kintsugi.failures.Generator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text-to-image diffusion model behind AUTOMATIC1111's web-UI API (also served by Forge, SD.Next and several
 * hosted Stable Diffusion services) as a {@link Generator}: each call posts the prompt "a photo of a {class} on
 * {context}" (the paper generates with Stable Diffusion 1.5 and that phrase) to {@code /sdapi/v1/txt2img} and
 * fits the returned images to the classifier's input with {@link SampleShape}.
 *
 * <p>Request: {@code POST <url>/sdapi/v1/txt2img} with JSON {@code {"prompt", "negative_prompt", "seed",
 * "batch_size", "n_iter": 1, "steps", "cfg_scale", "width", "height", "sampler_name", "send_images": true,
 * "save_images": false}}; answer: {@code {"images": ["<base64 PNG>", ...], ...}} with {@code batch_size} images
 * (one more, first, if the server adds a grid of the batch: it is skipped). Images are asked for in batches
 * of at most {@link Settings#batchSize()}; batch {@code b} uses seed {@code seed + b * batchSize}, and the
 * server gives image {@code i} of a batch seed {@code + i}, so the same seed asks for the same images (whether
 * they come back identical depends on the server's determinism).
 */
public final class HttpDiffusionGenerator implements Generator {
    public static final String API_PATH = "/sdapi/v1/txt2img";
    public static final String DEFAULT_PROMPT = ClipConfig.DEFAULT_PROMPT; // the paper's prompt, as for CLIP

    private final JsonEndpoint endpoint;
    private final Settings settings;
    private final SampleShape shape;
    private final List<String> classNames;

    /**
     * What to ask the server for.
     *
     * @param prompt         with {@code {class}} and {@code {context}} placeholders
     * @param negativePrompt sent as {@code negative_prompt}
     * @param steps          sampling steps
     * @param cfgScale       classifier-free guidance scale
     * @param width          generated width in pixels (before fitting to the model)
     * @param height         generated height in pixels
     * @param sampler        {@code sampler_name}
     * @param batchSize      images per request
     * @param timeout        how long one request may take
     */
    public record Settings(String prompt, String negativePrompt, int steps, double cfgScale, int width, int height,
                           String sampler, int batchSize, Duration timeout) {
        public Settings {
            if (prompt == null || !prompt.contains("{class}") || !prompt.contains("{context}")) {
                throw new KintsugiException("the diffusion prompt needs {class} and {context}, got \"" + prompt + "\"");
            }
            if (steps < 1 || width < 8 || height < 8 || batchSize < 1 || !(cfgScale > 0)) {
                throw new KintsugiException("diffusion settings out of range: steps " + steps + ", size " + width + "x"
                        + height + ", batch " + batchSize + ", cfg scale " + cfgScale);
            }
        }

        /** Stable Diffusion 1.5's usual settings: 512 x 512, 20 Euler a steps, guidance 7, 4 images a request. */
        public static Settings defaults() {
            return new Settings(DEFAULT_PROMPT, "", 20, 7.0, 512, 512, "Euler a", 4, Duration.ofMinutes(5));
        }
    }

    /**
     * @param url        the server, e.g. {@code http://127.0.0.1:7860}; {@value #API_PATH} is appended unless
     *                   the address already ends with it
     * @param key        sent as a bearer token to hosted services, or null
     * @param shape      the classifier's input
     * @param classNames the dataset's classes, so generated images carry the right labels
     */
    public HttpDiffusionGenerator(URI url, ApiKey key, Settings settings, SampleShape shape, List<String> classNames) {
        this.endpoint = new JsonEndpoint(txt2img(url), settings.timeout(), key);
        this.settings = settings;
        this.shape = shape;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public String name() {
        return "diffusion:" + endpoint.shown();
    }

    /** Settings safe to record in provenance (never a key). */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("endpoint", endpoint.shown());
        p.put("api", "AUTOMATIC1111 txt2img");
        p.put("settings", settings.toString());
        p.put("shape", Arrays.toString(shape.toArray()));
        return p;
    }

    @Override
    public Dataset generate(String className, int classIndex, String context, int count, long seed) {
        if (classIndex < 0 || classIndex >= classNames.size()) {
            throw new KintsugiException("class index " + classIndex + " is outside 0.." + (classNames.size() - 1));
        }
        if (count < 1) {
            throw new KintsugiException("the number of images to generate must be positive, got " + count);
        }
        String prompt = settings.prompt().replace("{class}", className).replace("{context}", context);
        float[] features = new float[count * shape.size()];
        int made = 0;
        for (int batch = 0; made < count; batch++) {
            int n = Math.min(settings.batchSize(), count - made);
            List<byte[]> images = request(prompt, seed + (long) batch * settings.batchSize(), n);
            for (byte[] image : images) {
                shape.convert(image, features, made * shape.size());
                made++;
            }
        }
        int[] labels = new int[count];
        Arrays.fill(labels, classIndex);
        String[] backgrounds = new String[count];
        Arrays.fill(backgrounds, context);
        return new Dataset("diffusion:" + className + " on " + context, shape.toArray(), features, labels,
                classNames, Map.of(FashionBackgrounds.ATTRIBUTE, backgrounds));
    }

    private List<byte[]> request(String prompt, long seed, int n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", prompt);
        body.put("negative_prompt", settings.negativePrompt());
        body.put("seed", seed);
        body.put("batch_size", n);
        body.put("n_iter", 1);
        body.put("steps", settings.steps());
        body.put("cfg_scale", settings.cfgScale());
        body.put("width", settings.width());
        body.put("height", settings.height());
        body.put("sampler_name", settings.sampler());
        body.put("send_images", true);
        body.put("save_images", false);
        JsonNode answer = endpoint.post(body);
        JsonNode images = answer.path("images");
        if (!images.isArray() || images.size() < n) {
            throw new KintsugiException(endpoint.shown() + " should answer {\"images\": [" + n + " base64 images]} for \""
                    + prompt + "\", got " + (images.isArray() ? images.size() + " images" : endpoint.safe(answer.toString())));
        }
        // A server that also makes a grid of the batch sends it first, so n + 1 images mean: skip the grid.
        int first = n > 1 && images.size() == n + 1 ? 1 : 0;
        List<byte[]> out = new ArrayList<>(n);
        for (int i = first; i < first + n; i++) {
            String b64 = images.get(i).asText();
            int comma = b64.startsWith("data:") ? b64.indexOf(',') : -1;
            try {
                out.add(Base64.getMimeDecoder().decode(b64.substring(comma + 1)));
            } catch (IllegalArgumentException e) {
                throw new KintsugiException(endpoint.shown() + " sent an image that is not base64 (image " + i + " for \""
                        + prompt + "\")", e);
            }
        }
        return out;
    }

    static URI txt2img(URI url) {
        return JsonEndpoint.withPath(url, API_PATH);
    }
}
