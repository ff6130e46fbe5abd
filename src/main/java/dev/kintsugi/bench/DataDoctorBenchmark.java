package dev.kintsugi.bench;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.data.CheckResult;
import dev.kintsugi.diagnose.data.ClassImbalanceCheck;
import dev.kintsugi.diagnose.data.ConfidentLearning;
import dev.kintsugi.diagnose.data.LabelFix;
import dev.kintsugi.diagnose.data.LabelNoiseCheck;
import dev.kintsugi.diagnose.data.OutOfSampleProbabilities;
import dev.kintsugi.diagnose.data.ProbeModel;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Json;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The data doctor's benchmark (driven by {@code bench/datadoctor.sh}); not a test.
 * <ul>
 *   <li>{@code label-noise --rate R}: flips a seeded R fraction of Fashion-MNIST's training labels to a
 *       uniformly drawn <em>different</em> class (symmetric noise), runs confident learning, scores the flagged
 *       samples against the flips (precision, recall), and trains LeNet-5 on clean, noisy and cleaned
 *       (remove, relabel) training splits to compare test accuracy ({@code --cleaning-epochs 5,20} judges with
 *       several recipes, {@code --training-seeds N} averages N training seeds per recipe).</li>
 *   <li>{@code imbalance}: cuts classes {@link #MINORITY} to 5% of their training samples and trains LeNet-5
 *       plainly, with balanced class weights, oversampling and undersampling; minority recall on the test split.</li>
 * </ul>
 */
public final class DataDoctorBenchmark {
    /** Pullover, Coat, Shirt: the classes most often confused with each other. */
    static final int[] MINORITY = {2, 4, 6};
    static final double MINORITY_FRACTION = 0.05;

    private DataDoctorBenchmark() {
    }

    public static void main(String[] args) {
        String experiment = args[0];
        double rate = 0.2;
        int folds = 5;
        int probeEpochs = 2;
        String probeModel = null;
        String probeSchedule = "constant";
        boolean cleaning = true;
        int probeSeeds = 1;
        int epochs = 5;
        String cleaningEpochs = null;
        int trainingSeeds = 1;
        int threads = 1;
        long seed = 0;
        Path json = null;
        ConfidentLearning.Filter filter = ConfidentLearning.Filter.PRUNE_BY_NOISE_RATE;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--folds" -> folds = Integer.parseInt(args[++i]);
                case "--probe-epochs" -> probeEpochs = Integer.parseInt(args[++i]);
                case "--probe-model" -> probeModel = args[++i];
                case "--probe-schedule" -> probeSchedule = args[++i];
                case "--no-cleaning" -> cleaning = false;
                case "--probe-seeds" -> probeSeeds = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--cleaning-epochs" -> cleaningEpochs = args[++i];
                case "--training-seeds" -> trainingSeeds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--filter" -> filter = ConfidentLearning.Filter.named(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Engines.configureThreads(threads);
        Splits splits = BuiltinDatasets.load("fashion-mnist", 0);
        TrainingConfig recipe = TrainingConfig.defaults().withEpochs(epochs).withSeed(seed);
        List<Integer> cleaningRecipes = cleaningEpochs == null ? List.of(epochs)
                : java.util.Arrays.stream(cleaningEpochs.split(",")).map(String::trim).map(Integer::valueOf).toList();
        CleaningEffect effect = new CleaningEffect(cleaning ? cleaningRecipes : List.of(), trainingSeeds, seed);
        Map<String, Object> result = switch (experiment) {
            case "label-noise" -> labelNoise(splits, rate, folds, probeSeeds, ProbeModel.defaults().withEpochs(probeEpochs)
                    .withArchitecture(probeModel).withSchedule(probeSchedule), filter, effect, seed, System.err);
            case "imbalance" -> imbalance(splits, recipe, System.err);
            default -> throw new IllegalArgumentException("experiment must be label-noise or imbalance");
        };
        result.put("threads", threads);
        System.out.println(Json.toString(result));
        if (json != null) {
            Json.write(json, result);
        }
    }

    static Map<String, Object> labelNoise(Splits splits, double rate, int folds, int probeSeeds, ProbeModel probe,
                                          ConfidentLearning.Filter filter, CleaningEffect effect, long seed,
                                          PrintStream log) {
        Dataset train = splits.train();
        int k = train.numClasses();
        int[] labels = train.labels();
        boolean[] flipped = new boolean[labels.length];
        SplittableRandom random = new SplittableRandom(seed + 1000);
        int flips = 0;
        for (int i = 0; i < labels.length; i++) {
            if (random.nextDouble() < rate) {
                labels[i] = (labels[i] + 1 + random.nextInt(k - 1)) % k;
                flipped[i] = true;
                flips++;
            }
        }
        Dataset noisyTrain = train.withLabels(train.name() + " (noisy " + rate + ")", labels);
        Splits noisy = new Splits(splits.source() + " noisy", noisyTrain, splits.valid(), splits.repair(), splits.test());
        long start = System.nanoTime();
        OutOfSampleProbabilities cv = new OutOfSampleProbabilities(folds, 0, probe, probeSeeds);
        dev.kintsugi.diagnose.data.SharedPredictions shared = new dev.kintsugi.diagnose.data.SharedPredictions(cv);
        dev.kintsugi.diagnose.data.DataCheckContext context =
                new dev.kintsugi.diagnose.data.DataCheckContext(noisy, null, null, seed, log);
        CheckResult check = new LabelNoiseCheck(shared, filter).run(context);
        double checkSeconds = (System.nanoTime() - start) / 1e9;
        @SuppressWarnings("unchecked")
        List<ConfidentLearning.Suspect> suspects = (List<ConfidentLearning.Suspect>) check.metrics()
                .get(LabelNoiseCheck.SUSPECTS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", "label-noise");
        out.put("rate", rate);
        out.put("flipped", flips);
        out.putAll(score(suspects, flipped, flips));
        out.put("folds", folds);
        out.put("probe", probe.architectureFor(noisyTrain) + ", " + probe.config().epochs() + " epochs"
                + (probe.config().schedule().equals("constant") ? "" : ", " + probe.config().schedule())
                + (probeSeeds > 1 ? ", " + probeSeeds + " seeds averaged" : ""));
        out.put("filter", filter.cliName());
        out.put("outOfSampleAccuracy", check.metrics().get("outOfSampleAccuracy"));
        out.put("estimatedNoiseRate", check.metrics().get("estimatedNoiseRate"));
        out.put("checkSeconds", checkSeconds);
        // every filter on the same out-of-sample probabilities: the comparison costs no extra training
        Predictions oos = shared.ifComputed(context).orElseThrow().predictions();
        Map<String, Object> byFilter = new LinkedHashMap<>();
        for (ConfidentLearning.Filter f : ConfidentLearning.Filter.values()) {
            byFilter.put(f.cliName(), score(ConfidentLearning.findLabelIssues(oos, f).suspects(), flipped, flips));
        }
        out.put("filters", byFilter);
        if (effect.epochs().isEmpty()) {
            return out;
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int epochs : effect.epochs()) {
            runs.add(cleaningEffect(splits, noisy, noisyTrain, check, epochs, effect, log));
        }
        // the first recipe's means keep the fields the table reads; every recipe is under "cleaning"
        out.put("testAccuracy", runs.get(0).get("meanAccuracy"));
        out.put("recoveredFraction", runs.get(0).get("recoveredFraction"));
        out.put("recipe", runs.get(0).get("recipe"));
        out.put("cleaning", runs);
        return out;
    }

    /**
     * Which LeNet-5 recipes judge the cleaning: each number of epochs, trained with {@code seeds} consecutive
     * seeds from {@code firstSeed}; one training seed's accuracy on the 5k test split has a standard error of
     * about 0.45 points, as large as the 1-2 points symmetric noise costs, so the fractions need several.
     */
    record CleaningEffect(List<Integer> epochs, int seeds, long firstSeed) {
    }

    /** Clean, noisy, removed and relabelled training sets, each trained with every seed for {@code epochs}. */
    private static Map<String, Object> cleaningEffect(Splits splits, Splits noisy, Dataset noisyTrain, CheckResult check,
                                                      int epochs, CleaningEffect effect, PrintStream log) {
        Map<String, Dataset> trainSets = new LinkedHashMap<>();
        trainSets.put("clean", splits.train());
        trainSets.put("noisy", noisyTrain);
        for (String mode : List.of(LabelFix.REMOVE, LabelFix.RELABEL)) {
            trainSets.put(mode, new LabelFix(mode).apply(noisy, check).corrected().train());
        }
        Map<String, List<Double>> accuracies = new LinkedHashMap<>();
        Map<String, Double> means = new LinkedHashMap<>();
        for (Map.Entry<String, Dataset> e : trainSets.entrySet()) {
            List<Double> bySeed = new ArrayList<>();
            for (int s = 0; s < effect.seeds(); s++) {
                TrainingConfig recipe = TrainingConfig.defaults().withEpochs(epochs).withSeed(effect.firstSeed() + s);
                bySeed.add(testAccuracy(e.getValue(), splits, recipe, log));
            }
            accuracies.put(e.getKey(), bySeed);
            means.put(e.getKey(), bySeed.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        }
        double lost = means.get("clean") - means.get("noisy");
        Map<String, Double> recovered = new LinkedHashMap<>();
        for (String mode : List.of(LabelFix.REMOVE, LabelFix.RELABEL)) {
            recovered.put(mode, lost <= 0 ? Double.NaN : (means.get(mode) - means.get("noisy")) / lost);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("epochs", epochs);
        run.put("seeds", java.util.stream.LongStream.range(effect.firstSeed(), effect.firstSeed() + effect.seeds())
                .boxed().toList());
        run.put("recipe", "lenet5 " + epochs + " epochs, Adam lr 1e-3, batch 128, seeds " + effect.firstSeed() + ".."
                + (effect.firstSeed() + effect.seeds() - 1));
        run.put("accuracyBySeed", accuracies);
        run.put("meanAccuracy", means);
        run.put("recoveredFraction", recovered);
        return run;
    }

    private static Map<String, Object> score(List<ConfidentLearning.Suspect> suspects, boolean[] flipped, int flips) {
        int truePositives = 0;
        for (ConfidentLearning.Suspect s : suspects) {
            truePositives += flipped[s.index()] ? 1 : 0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("flagged", suspects.size());
        out.put("precision", suspects.isEmpty() ? Double.NaN : (double) truePositives / suspects.size());
        out.put("recall", (double) truePositives / flips);
        return out;
    }

    static Map<String, Object> imbalance(Splits splits, TrainingConfig recipe, PrintStream log) {
        Dataset train = splits.train();
        SplittableRandom random = new SplittableRandom(recipe.seed() + 2000);
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            int label = train.label(i);
            if (!isMinority(label) || random.nextDouble() < MINORITY_FRACTION) {
                keep.add(i);
            }
        }
        Dataset cut = train.subset(train.name() + " (classes 2,4,6 cut to 5%)",
                keep.stream().mapToInt(Integer::intValue).toArray());
        Map<String, UnaryOperator<TrainingConfig>> fixes = new LinkedHashMap<>();
        fixes.put("none", c -> c);
        fixes.put("class weights balanced", c -> c.withClassWeighting("balanced"));
        fixes.put("oversample", c -> c.withSampling("oversample"));
        fixes.put("undersample", c -> c.withSampling("undersample"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", "imbalance");
        out.put("trainCounts", cut.classCounts());
        out.put("imbalanceRatio", ClassImbalanceCheck.imbalanceRatio(cut.classCounts()));
        Map<String, Object> runs = new LinkedHashMap<>();
        for (Map.Entry<String, UnaryOperator<TrainingConfig>> fix : fixes.entrySet()) {
            log.println("imbalance fix: " + fix.getKey());
            Predictions p = trainAndPredict(cut, splits, fix.getValue().apply(recipe));
            double[] recall = ClassImbalanceCheck.perClassRecall(p);
            double minority = 0;
            double majority = 0;
            for (int c = 0; c < recall.length; c++) {
                if (isMinority(c)) {
                    minority += recall[c] / MINORITY.length;
                } else {
                    majority += recall[c] / (recall.length - MINORITY.length);
                }
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("testAccuracy", p.accuracy());
            run.put("minorityRecall", minority);
            run.put("majorityRecall", majority);
            run.put("recall", recall);
            runs.put(fix.getKey(), run);
        }
        out.put("runs", runs);
        out.put("recipe", "lenet5 " + recipe.epochs() + " epochs, Adam lr 1e-3, batch 128, seed " + recipe.seed());
        return out;
    }

    private static boolean isMinority(int label) {
        return java.util.Arrays.stream(MINORITY).anyMatch(m -> m == label);
    }

    private static double testAccuracy(Dataset train, Splits splits, TrainingConfig recipe, PrintStream log) {
        log.println("training lenet5 on " + train.name());
        return trainAndPredict(train, splits, recipe).accuracy();
    }

    /** LeNet-5 trained on {@code train} with {@code recipe}, then its predictions on the test split. */
    static Predictions trainAndPredict(Dataset train, Splits splits, TrainingConfig recipe) {
        try (Network network = Network.create(ModelZoo.specFor("lenet5", Map.of(), train, true), recipe.seed())) {
            new Trainer(recipe).fit(network, train, null);
            return Predictor.predict(network, splits.test());
        }
    }
}
