package dev.kintsugi.bench;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionBackgrounds;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.FashionS;
import dev.kintsugi.data.Splits;
import dev.kintsugi.data.backgrounds.Background;
import dev.kintsugi.failures.AttributeContextProposer;
import dev.kintsugi.failures.BackgroundDescriber;
import dev.kintsugi.failures.CompositingGenerator;
import dev.kintsugi.failures.DescriberAccuracy;
import dev.kintsugi.evaluate.Fairness;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.SensitiveGroups;
import dev.kintsugi.model.Engines;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offline building blocks of the failure-mode pipeline, measured: how long {@code fashion-bg} and
 * {@code fashion-s} take to render, how often the background describer names the recorded background on
 * fashion-bg's repair and test splits and on generated images, and how long the compositing generator takes
 * for the pipeline's typical request (every class on each of its uncommon backgrounds, 5 images each); with
 * {@code --shortcut-epochs}, also what the planted correlations do to a LeNet-5 ({@link ShortcutResult}).
 * Driven by {@code bench/backgrounds.sh}.
 */
public final class BackgroundBenchmark {
    static final int IMAGES_PER_CONTEXT = 5;

    /** Wall and process-CPU seconds of one step. */
    public record Timing(double wallSeconds, double cpuSeconds) {
    }

    public record SeedResult(long seed, Timing loadFashionMnist, int fashionBgImages, Timing renderFashionBg,
                             int fashionSImages, Timing renderFashionS, double describerTestAccuracy,
                             Map<String, Double> describerTestPerBackground, int testImages, Timing describeTest,
                             double describerRepairAccuracy, int generatedImages, Timing generate,
                             double describerGeneratedAccuracy) {
    }

    /**
     * What the planted correlation does to a model: LeNet-5 (classic, default recipe) trained on fashion-bg and on
     * fashion-s with the seed, judged on test. For fashion-bg, accuracy on images showing their class's common
     * background and on the rest, and the share of predictions that name the class whose common background the
     * image shows; for fashion-s, accuracy per colour group and AAOD (privileged: colour).
     */
    public record ShortcutResult(long seed, int epochs, double bgTestAccuracy, double bgCommonAccuracy,
                                 int bgCommonImages, double bgOtherAccuracy, int bgOtherImages,
                                 double bgPredictedBackgroundClass, double sTestAccuracy, double sColourAccuracy,
                                 double sGreyAccuracy, Double sAaod) {
    }

    public record Result(int cores, int describerRenderings, List<SeedResult> seeds, List<ShortcutResult> shortcut) {
    }

    private BackgroundBenchmark() {
    }

    /** @param shortcutEpochs epochs of the LeNet-5 trained per seed for {@link ShortcutResult}; 0 skips it */
    public static Result run(List<Long> seeds, int shortcutEpochs) {
        List<SeedResult> results = new ArrayList<>();
        List<ShortcutResult> shortcut = new ArrayList<>();
        for (long seed : seeds) {
            results.add(runSeed(seed));
            if (shortcutEpochs > 0) {
                shortcut.add(shortcut(seed, shortcutEpochs));
            }
        }
        return new Result(Runtime.getRuntime().availableProcessors(), BackgroundDescriber.DEFAULT_RENDERINGS, results,
                shortcut);
    }

    private static ShortcutResult shortcut(long seed, int epochs) {
        Splits bg = FashionBackgrounds.load(seed);
        Predictions p = trainAndPredict(bg, seed, epochs);
        String[] background = bg.test().attribute(FashionBackgrounds.ATTRIBUTE);
        int[] right = new int[2];
        int[] count = new int[2];
        int namesBackground = 0;
        for (int i = 0; i < background.length; i++) {
            int label = bg.test().label(i);
            int common = background[i].equals(FashionBackgrounds.commonBackground(label).label()) ? 0 : 1;
            count[common]++;
            right[common] += p.correct(i) ? 1 : 0;
            namesBackground += background[i].equals(FashionBackgrounds.commonBackground(p.predicted(i)).label()) ? 1 : 0;
        }
        bg = null;
        Splits s = FashionS.load(seed);
        Predictions ps = trainAndPredict(s, seed, epochs);
        Fairness fairness = Fairness.of(ps, SensitiveGroups.of(s.test(), FashionS.ATTRIBUTE, FashionS.COLOUR));
        return new ShortcutResult(seed, epochs, p.accuracy(), right[0] / (double) count[0], count[0],
                right[1] / (double) count[1], count[1], namesBackground / (double) background.length, ps.accuracy(),
                fairness.privileged().accuracy(), fairness.unprivileged().accuracy(), fairness.aaod());
    }

    private static Predictions trainAndPredict(Splits splits, long seed, int epochs) {
        return DataDoctorBenchmark.trainAndPredict(splits.train(), splits,
                TrainingConfig.defaults().withEpochs(epochs).withSeed(seed));
    }

    private static SeedResult runSeed(long seed) {
        Stopwatch w = new Stopwatch();
        Splits grey = FashionMnist.load(seed);
        Timing load = w.lap();
        Splits bg = FashionBackgrounds.compose(grey, seed);
        Timing renderBg = w.lap();
        Splits s = FashionS.compose(grey, seed);
        Timing renderS = w.lap();
        int sImages = s.train().size() + s.valid().size() + s.repair().size() + s.test().size();
        s = null;

        BackgroundDescriber describer = new BackgroundDescriber(BackgroundDescriber.DEFAULT_RENDERINGS, seed);
        w.lap();
        DescriberAccuracy test = describer.accuracy(bg.test());
        Timing describe = w.lap();
        DescriberAccuracy repair = describer.accuracy(bg.repair());

        CompositingGenerator generator = new CompositingGenerator(grey.train());
        AttributeContextProposer proposer = AttributeContextProposer.of(bg.train(), FashionBackgrounds.ATTRIBUTE);
        List<Dataset> generated = new ArrayList<>();
        w.lap();
        List<String> classes = bg.train().classNames();
        for (int c = 0; c < classes.size(); c++) {
            for (String context : proposer.uncommonContexts(classes.get(c))) {
                generated.add(generator.generate(classes.get(c), c, context, IMAGES_PER_CONTEXT, seed + c));
            }
        }
        Dataset all = Dataset.concat("generated", generated);
        Timing generate = w.lap();
        double generatedAccuracy = describer.accuracy(all).accuracy();
        return new SeedResult(seed, load, bg.train().size() + bg.valid().size() + bg.repair().size()
                + bg.test().size(), renderBg, sImages, renderS, test.accuracy(), test.perContext(), test.samples(),
                describe, repair.accuracy(), all.size(), generate, generatedAccuracy);
    }

    /** Wall and CPU time since the last lap. */
    private static final class Stopwatch {
        private long wall = System.nanoTime();
        private long cpu = FoundationBenchmark.processCpuNanos();

        Timing lap() {
            long w = System.nanoTime();
            long c = FoundationBenchmark.processCpuNanos();
            Timing t = new Timing((w - wall) / 1e9, (c - cpu) / 1e9);
            wall = w;
            cpu = c;
            return t;
        }
    }

    /** {@code BackgroundBenchmark [--seeds 0,1,2] [--json FILE]}: prints one line per seed, writes JSON if asked. */
    public static void main(String[] args) {
        List<Long> seeds = List.of(0L, 1L, 2L);
        Path json = null;
        int shortcutEpochs = 0;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--json" -> json = Path.of(args[++i]);
                case "--shortcut-epochs" -> shortcutEpochs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (usage: "
                        + "BackgroundBenchmark [--seeds 0,1,2] [--shortcut-epochs 5] [--threads 1] [--json FILE])");
            }
        }
        Engines.configureThreads(threads);
        Result result = run(seeds, shortcutEpochs);
        for (SeedResult r : result.seeds()) {
            System.out.printf(Locale.ROOT, "seed %d: fashion-bg %d images %.2fs wall (%.2fs CPU); fashion-s %d images"
                            + " %.2fs; describer test %.4f (%d images, %.2fs) repair %.4f; generated %d images %.3fs,"
                            + " described %.4f%n", r.seed(), r.fashionBgImages(), r.renderFashionBg().wallSeconds(),
                    r.renderFashionBg().cpuSeconds(), r.fashionSImages(), r.renderFashionS().wallSeconds(),
                    r.describerTestAccuracy(), r.testImages(), r.describeTest().wallSeconds(),
                    r.describerRepairAccuracy(), r.generatedImages(), r.generate().wallSeconds(),
                    r.describerGeneratedAccuracy());
        }
        for (ShortcutResult r : result.shortcut()) {
            System.out.printf(Locale.ROOT, "seed %d: LeNet-5 %d epochs on fashion-bg: test %.4f, common background %.4f"
                            + " (%d), other %.4f (%d), predicts the background's class %.4f; on fashion-s: test %.4f,"
                            + " colour %.4f, grey %.4f, AAOD %.4f%n", r.seed(), r.epochs(), r.bgTestAccuracy(),
                    r.bgCommonAccuracy(), r.bgCommonImages(), r.bgOtherAccuracy(), r.bgOtherImages(),
                    r.bgPredictedBackgroundClass(), r.sTestAccuracy(), r.sColourAccuracy(), r.sGreyAccuracy(),
                    r.sAaod());
        }
        if (json != null) {
            Json.write(json, result);
        }
        System.out.println("backgrounds: " + Background.labels());
    }
}
