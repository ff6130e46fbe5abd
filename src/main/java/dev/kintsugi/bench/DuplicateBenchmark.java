package dev.kintsugi.bench;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.data.CheckResult;
import dev.kintsugi.diagnose.data.DataCheckContext;
import dev.kintsugi.diagnose.data.DuplicateCheck;
import dev.kintsugi.diagnose.data.DuplicatePair;
import dev.kintsugi.diagnose.data.DuplicateSettings;
import dev.kintsugi.diagnose.data.Duplicates;
import dev.kintsugi.model.Engines;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.util.Json;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Duplicate benchmark (issue 7): what the duplicate search finds in Fashion-MNIST as it is, then recall and
 * false pairs after planting 200 exact copies and 200 near copies (100 with Gaussian noise of std 0.02,
 * 100 shifted by one pixel in a random direction) of distinct test images into the training split.
 * Usage: {@code DuplicateBenchmark --threads 1 --out DIR [--seed 0]}; writes duplicates.json and two reports.
 */
public final class DuplicateBenchmark {
    static final int EXACT = 200;
    static final int NOISED = 100;
    static final int SHIFTED = 100;
    static final double NOISE_STD = 0.02;

    private DuplicateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 1;
        long seed = 0;
        Path out = Path.of("bench/results/leakage");
        Path modelDir = null;
        String name = "duplicates";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--model" -> modelDir = Path.of(args[++i]);
                case "--name" -> name = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Engines.configureThreads(threads);
        Files.createDirectories(out);
        PrintStream log = System.err;
        Splits splits = FashionMnist.load(seed);
        DuplicateSettings settings = DuplicateSettings.defaults();
        DuplicateCheck check = new DuplicateCheck(settings);
        // with a model, near copies are also searched in its embedding space (what `data check --model` does)
        dev.kintsugi.model.SavedModel saved = modelDir == null ? null : dev.kintsugi.model.ModelStore.load(modelDir);
        dev.kintsugi.model.Network model = saved == null ? null : saved.network();

        long cpu = FoundationBenchmark.processCpuNanos();
        long start = System.nanoTime();
        DataCheckContext realContext = new DataCheckContext(splits, null, model, seed, log);
        Duplicates real = check.find(realContext);
        double realSeconds = (System.nanoTime() - start) / 1e9;
        double realCpuSeconds = (FoundationBenchmark.processCpuNanos() - cpu) / 1e9;
        double realLoad = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        report(check.result(realContext, real, realSeconds), out.resolve(name + "-real.html"),
                "Fashion-MNIST as it is");

        Planted planted = plant(splits, seed);
        start = System.nanoTime();
        DataCheckContext plantedContext = new DataCheckContext(planted.splits(), null, model, seed, log);
        Duplicates found = check.find(plantedContext);
        double plantedSeconds = (System.nanoTime() - start) / 1e9;
        report(check.result(plantedContext, found, plantedSeconds), out.resolve(name + "-planted.html"),
                "Fashion-MNIST with 400 planted copies of test images");

        Set<String> realKeys = new HashSet<>();
        real.pairs().forEach(p -> realKeys.add(key(p)));
        int[] recovered = new int[3];
        int plantedOther = 0;
        int newFalse = 0;
        for (DuplicatePair p : found.pairs()) {
            int copy = p.first() - splits.train().size();
            boolean isPlanted = copy >= 0 && p.secondSplit().equals("test") && p.second() == planted.sources()[copy]
                    && !p.withinTrain();
            if (isPlanted) {
                recovered[copy < EXACT ? 0 : copy < EXACT + NOISED ? 1 : 2]++;
            } else if (!realKeys.contains(key(p))) {
                newFalse++;
                if (copy >= 0 || (p.withinTrain() && p.second() >= splits.train().size())) {
                    plantedOther++;
                }
            }
        }
        int total = EXACT + NOISED + SHIFTED;
        int hits = recovered[0] + recovered[1] + recovered[2];
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("settings", settings);
        result.put("methods", found.methods());
        result.put("model", modelDir == null ? null : modelDir.toString());
        result.put("threads", threads);
        result.put("real", Map.of("seconds", realSeconds, "processCpuSeconds", realCpuSeconds, "loadAverage", realLoad,
                "pairs", real.pairs().size(),
                "counts", real.counts(Splits.NAMES)));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seconds", plantedSeconds);
        p.put("planted", Map.of("exact", EXACT, "noised", NOISED, "shifted", SHIFTED, "noiseStd", NOISE_STD));
        p.put("recovered", Map.of("exact", recovered[0], "noised", recovered[1], "shifted", recovered[2]));
        p.put("recall", hits / (double) total);
        p.put("reportedPairs", found.pairs().size());
        p.put("pairsAlsoFoundWithoutPlanting", found.pairs().size() - hits - newFalse);
        p.put("newFalsePairs", newFalse);
        p.put("newFalsePairsInvolvingPlantedCopies", plantedOther);
        p.put("falsePairRate", newFalse / (double) found.pairs().size());
        p.put("notPlantedShare", (found.pairs().size() - hits) / (double) found.pairs().size());
        result.put("planted", p);
        Json.write(out.resolve(name + ".json"), result);
        if (saved != null) {
            saved.network().close();
        }
        System.out.println(Json.toString(result));
    }

    record Planted(Splits splits, int[] sources) {
    }

    /** Copies of 400 distinct random test images appended to train: exact, noised, shifted, in that order. */
    static Planted plant(Splits splits, long seed) {
        Dataset test = splits.test();
        SplittableRandom random = new SplittableRandom(seed + 1000);
        int total = EXACT + NOISED + SHIFTED;
        int[] order = new int[test.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = 0; i < total; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] sources = java.util.Arrays.copyOf(order, total);
        int[] shape = test.sampleShape();
        int size = test.sampleSize();
        float[] features = new float[total * size];
        int[] labels = new int[total];
        for (int k = 0; k < total; k++) {
            float[] image = test.sample(sources[k]);
            if (k >= EXACT && k < EXACT + NOISED) {
                for (int p = 0; p < size; p++) {
                    image[p] = (float) Math.min(1, Math.max(0, image[p] + NOISE_STD * random.nextGaussian()));
                }
            } else if (k >= EXACT + NOISED) {
                image = shifted(image, shape[1], shape[2], random.nextInt(4));
            }
            System.arraycopy(image, 0, features, k * size, size);
            labels[k] = test.label(sources[k]);
        }
        Dataset copies = new Dataset("planted", shape, features, labels, test.classNames());
        Dataset train = Dataset.concat(splits.train().name(), List.of(splits.train(), copies));
        return new Planted(new Splits(splits.source() + " + 400 planted copies", train, splits.valid(),
                splits.repair(), test), sources);
    }

    /** One pixel right, left, down or up; the uncovered edge is 0. */
    static float[] shifted(float[] image, int height, int width, int direction) {
        int dy = direction == 2 ? 1 : direction == 3 ? -1 : 0;
        int dx = direction == 0 ? 1 : direction == 1 ? -1 : 0;
        float[] out = new float[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sy = y - dy;
                int sx = x - dx;
                if (sy >= 0 && sy < height && sx >= 0 && sx < width) {
                    out[y * width + x] = image[sy * width + sx];
                }
            }
        }
        return out;
    }

    private static String key(DuplicatePair p) {
        return p.firstSplit() + p.first() + "|" + p.secondSplit() + p.second();
    }

    private static void report(CheckResult result, Path file, String title) {
        HtmlReport report = HtmlReport.titled("Duplicates and leakage: " + title);
        dev.kintsugi.report.Section findings = report.section("Findings");
        result.findings().forEach(f -> findings.paragraph(f.oneLine()));
        result.report().accept(report.section("Duplicates"));
        report.write(file);
    }
}
