package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The datasets Kintsugi knows by name. Nothing is downloaded here; see {@link DataFetcher}. */
public final class BuiltinDatasets {
    public static final String ENV_CACHE = "KINTSUGI_CACHE";

    private BuiltinDatasets() {
    }

    public static List<String> names() {
        return List.of(FashionMnist.NAME, GermanCredit.NAME, FashionBackgrounds.NAME, FashionS.NAME, Mnist.NAME);
    }

    public static Splits load(String name, long seed) {
        return switch (name) {
            case FashionMnist.NAME -> FashionMnist.load(seed);
            case GermanCredit.NAME -> GermanCredit.load(seed);
            case FashionBackgrounds.NAME -> FashionBackgrounds.load(seed);
            case FashionS.NAME -> FashionS.load(seed);
            case Mnist.NAME -> Mnist.load(seed);
            default -> throw new KintsugiException("unknown built-in dataset '" + name + "' (built-in: "
                    + String.join(", ", names()) + ")");
        };
    }

    /** Where a built-in dataset would be loaded from now, or "not found" with where it was looked for. */
    public static String locate(String name) {
        if (name.equals(FashionBackgrounds.NAME) || name.equals(FashionS.NAME)) {
            return "rendered from " + FashionMnist.NAME + ": " + locate(FashionMnist.NAME);
        }
        List<Path> candidates = switch (name) {
            case FashionMnist.NAME -> FashionMnist.candidates(System::getenv);
            case GermanCredit.NAME -> GermanCredit.candidates(System::getenv);
            case Mnist.NAME -> Mnist.candidates(System::getenv);
            default -> throw new KintsugiException("unknown built-in dataset '" + name + "' (built-in: "
                    + String.join(", ", names()) + ")");
        };
        for (Path p : candidates) {
            boolean found = name.equals(FashionMnist.NAME) ? FashionMnist.isIdxDirectory(p)
                    : name.equals(Mnist.NAME) ? Mnist.digitsDir(p) != null : java.nio.file.Files.isRegularFile(p);
            if (found) {
                return p.toString();
            }
        }
        return "not found (looked in " + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")";
    }

    /** Kintsugi's cache folder: {@code $KINTSUGI_CACHE} if set, else {@code ~/.cache/kintsugi}. */
    public static Path cacheRoot() {
        return cacheRoot(System::getenv);
    }

    static Path cacheRoot(Function<String, String> env) {
        String fromEnv = env.apply(ENV_CACHE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "kintsugi");
    }
}
