package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fashion-MNIST (Xiao et al. 2017): 60,000 training and 10,000 test greyscale 28x28 images of ten
 * clothing classes, as four IDX files. Found in the Debian package {@code dataset-fashion-mnist}, the
 * user cache filled by {@code kintsugi data fetch fashion-mnist}, or {@code $KINTSUGI_FASHION_MNIST}.
 */
public final class FashionMnist {
    public static final String NAME = "fashion-mnist";
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String ENV_DIR = "KINTSUGI_FASHION_MNIST";
    /** The four files, without the optional ".gz": train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private FashionMnist() {
    }

    public static Splits load(long seed) {
        return load(seed, candidates(System::getenv));
    }

    /** Loads from the first of {@code candidates} that holds all four files. */
    static Splits load(long seed, List<Path> candidates) {
        for (Path dir : candidates) {
            if (isIdxDirectory(dir)) {
                return loadDirectory(NAME, dir, CLASS_NAMES, seed);
            }
        }
        List<String> places = candidates.stream().map(Path::toString).toList();
        throw new KintsugiException("Fashion-MNIST not found in " + String.join(", ", places)
                + "; install the Debian package dataset-fashion-mnist or run `kintsugi data fetch fashion-mnist`");
    }

    /** Where to look, in order: the Debian package, the user cache, then {@code $KINTSUGI_FASHION_MNIST}. */
    static List<Path> candidates(Function<String, String> env) {
        List<Path> dirs = new ArrayList<>(List.of(SYSTEM_DIR, BuiltinDatasets.cacheRoot(env).resolve(NAME)));
        String fromEnv = env.apply(ENV_DIR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            dirs.add(Path.of(fromEnv));
        }
        return dirs;
    }

    /** True if {@code dir} holds all four IDX files, each gzipped or raw. */
    public static boolean isIdxDirectory(Path dir) {
        return FILES.stream().allMatch(f -> file(dir, f).isPresent());
    }

    /**
     * The study's four-way split of an IDX directory: the training file 90/10 into train/valid, the test
     * file 50/50 into repair/test.
     */
    public static Splits loadDirectory(String name, Path dir, List<String> classNames, long seed) {
        Dataset trainFile = IdxReader.read(name + "/train-file", require(dir, FILES.get(0)), require(dir, FILES.get(1)),
                classNames);
        Dataset testFile = IdxReader.read(name + "/test-file", require(dir, FILES.get(2)), require(dir, FILES.get(3)),
                classNames);
        return StratifiedSplitter.fourWay(trainFile, testFile, seed);
    }

    /** {@code dir/base.gz} if present, else {@code dir/base} if present. */
    static Optional<Path> file(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        Path raw = dir.resolve(base);
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    static Path require(Path dir, String base) {
        return file(dir, base).orElseThrow(() -> new KintsugiException(dir + ": missing " + base + " (or " + base
                + ".gz)"));
    }
}
