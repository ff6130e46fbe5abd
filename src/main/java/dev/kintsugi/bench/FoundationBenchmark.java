package dev.kintsugi.bench;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.EpochStats;
import dev.kintsugi.train.StepPhases;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.ProcessStats;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The foundation benchmark: trains the zoo's {@code mlp} (784-256-128-10) and {@code lenet5} (and, asked for,
 * {@code cnnbn}: the zoo's {@code cnn} with channels 16,32, 3x3 kernels and batch norm after every conv and the
 * hidden dense layer) on
 * Fashion-MNIST with the default recipe (Adam, lr 1e-3, batch 128) and measures epoch time, test accuracy,
 * forward throughput and peak memory, so they can be set beside plain PyTorch ({@code bench/pytorch_baseline.py},
 * driven together by {@code bench/foundation.sh}).
 *
 * <p>Training runs without a validation split so an epoch's time is training alone, as in the Python baseline.
 */
public final class FoundationBenchmark {
    /** Models as {@code name -> zoo options}; the MLP's widths are spelt out so the benchmark never drifts. */
    static final Map<String, Map<String, String>> MODELS = Map.of(
            "mlp", Map.of("hidden", "256,128"),
            "lenet5", Map.of(),
            "cnnbn", Map.of("channels", "16,32", "kernel", "3", "hidden", "128", "batchnorm", "true"));
    /** Zoo architecture of a benchmark model whose name is not itself a zoo name. */
    static final Map<String, String> ARCHITECTURES = Map.of("cnnbn", "cnn");
    static final int FORWARD_BATCH = 256;
    static final int FORWARD_PASSES = 3;

    /**
     * @param models  zoo names, each a key of {@link #MODELS}
     * @param threads PyTorch intra-op threads
     */
    public record Options(List<String> models, int epochs, int threads, long seed, boolean phases) {
        public Options(List<String> models, int epochs, int threads, long seed) {
            this(models, epochs, threads, seed, false);
        }

        public static Options defaults() {
            return new Options(List.of("mlp", "lenet5"), 5, Runtime.getRuntime().availableProcessors(), 0);
        }
    }

    /**
     * One model's measurements.
     *
     * @param medianEpochSeconds median over epochs 2..E (epoch 1 when E = 1): the steady state
     * @param cpuSecondsPerEpoch process CPU time (all threads) over training divided by the epochs; it moves far
     *                           less than wall time when other processes share the CPUs (with 1 thread, hardly)
     * @param systemCpuSecondsPerEpoch the kernel's share of that CPU time (page faults, futex and yield calls)
     * @param forwardImagesPerSecond median over {@value #FORWARD_PASSES} passes after a warm-up pass
     * @param phaseWallMillis   with {@code --phases}: wall milliseconds per step of each phase, else null
     * @param phaseCpuMillis    with {@code --phases}: process CPU milliseconds per step of each phase, else null
     * @param phaseThreadCpuMillis with {@code --phases}: the training thread's own CPU milliseconds, else null
     */
    public record ModelResult(String model, long parameters, List<Double> epochSeconds, double firstEpochSeconds,
                              double medianEpochSeconds, double cpuSecondsPerEpoch, double systemCpuSecondsPerEpoch,
                              double testAccuracy, int forwardImages, double forwardImagesPerSecond,
                              Map<String, Double> phaseWallMillis, Map<String, Double> phaseCpuMillis,
                              Map<String, Double> phaseThreadCpuMillis) {
    }

    public record Result(String implementation, String djlVersion, String pytorchVersion, int threads, int epochs,
                         int batchSize, long seed, String data, List<ModelResult> models, long peakRssBytes) {
    }

    private FoundationBenchmark() {
    }

    public static Result run(Options options) {
        Engines.configureThreads(options.threads());
        Splits splits = BuiltinDatasets.load(FashionMnist.NAME, options.seed());
        Dataset testFile = concat("fashion-mnist/test-file", splits.repair(), splits.test());
        TrainingConfig config = TrainingConfig.defaults().withEpochs(options.epochs()).withSeed(options.seed());
        List<ModelResult> results = new ArrayList<>();
        for (String model : options.models()) {
            results.add(runModel(model, splits, testFile, config, options.phases()));
        }
        return new Result("kintsugi", Engines.djlVersion(), Engines.pytorchVersion(), options.threads(),
                options.epochs(), config.batchSize(), options.seed(), splits.describe(), results,
                ProcessStats.peakRssBytes());
    }

    private static ModelResult runModel(String model, Splits splits, Dataset testFile, TrainingConfig config,
                                        boolean timePhases) {
        Map<String, String> zooOptions = MODELS.get(model);
        if (zooOptions == null) {
            throw new IllegalArgumentException("the benchmark knows " + MODELS.keySet() + ", not " + model);
        }
        ArchitectureSpec spec = ModelZoo.specFor(ARCHITECTURES.getOrDefault(model, model), zooOptions, splits.train(),
                true);
        try (Network network = Network.create(spec, config.seed())) {
            StepPhases phases = timePhases ? new StepPhases() : null;
            long cpuStart = processCpuNanos();
            double sysStart = ProcessStats.systemCpuSeconds();
            TrainingHistory history = new Trainer(config).phases(phases).fit(network, splits.train(), null);
            double cpuPerEpoch = (processCpuNanos() - cpuStart) / 1e9 / history.epochs.size();
            double sysPerEpoch = (ProcessStats.systemCpuSeconds() - sysStart) / history.epochs.size();
            List<Double> epochs = history.epochs.stream().map(EpochStats::seconds).toList();
            double accuracy = Predictor.predict(network, splits.test()).accuracy();
            if (phases != null) {
                System.err.printf("%s, %d threads: where a training step's time goes%n%s", model, Engines.threads(),
                        phases.describe());
            }
            return new ModelResult(model, network.parameterCount(), epochs, epochs.get(0), steadyEpoch(epochs),
                    cpuPerEpoch, sysPerEpoch, accuracy, testFile.size(), forwardThroughput(network, testFile),
                    phases == null ? null : phases.wallMillisPerStep(),
                    phases == null ? null : phases.cpuMillisPerStep(),
                    phases == null ? null : phases.threadCpuMillisPerStep());
        }
    }

    /** Images per second of batched inference (Predictor, batch 256), median of several passes after a warm-up. */
    static double forwardThroughput(Network network, Dataset data) {
        Predictor.predict(network, data, FORWARD_BATCH);
        double[] rates = new double[FORWARD_PASSES];
        for (int i = 0; i < rates.length; i++) {
            long t0 = System.nanoTime();
            Predictor.predict(network, data, FORWARD_BATCH);
            rates[i] = data.size() / ((System.nanoTime() - t0) / 1e9);
        }
        return median(rates);
    }

    /** CPU time this process has used so far, all threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double steadyEpoch(List<Double> epochs) {
        List<Double> steady = epochs.size() > 1 ? epochs.subList(1, epochs.size()) : epochs;
        return median(steady.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static Dataset concat(String name, Dataset a, Dataset b) {
        float[] features = Arrays.copyOf(a.featuresView(), a.featuresView().length + b.featuresView().length);
        System.arraycopy(b.featuresView(), 0, features, a.featuresView().length, b.featuresView().length);
        int[] labels = Arrays.copyOf(a.labels(), a.size() + b.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new Dataset(name, a.sampleShape(), features, labels, a.classNames());
    }

    /**
     * Start-up cost: loads the PyTorch engine and creates one LeNet-5, then reports the seconds since the
     * JVM started. The wrapper script times the whole process as well.
     */
    static double startup(int threads) {
        Engines.configureThreads(threads);
        ArchitectureSpec spec = new ArchitectureSpec("lenet5", ModelZoo.resolveOptions("lenet5", Map.of()),
                new int[] {1, 28, 28}, null, FashionMnist.CLASS_NAMES);
        try (Network network = Network.create(spec, 0)) {
            network.parameterCount();
        }
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
    }

    static String table(Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Kintsugi foundation benchmark: DJL %s, PyTorch %s, %d threads, %d epochs,"
                + " batch %d%n", r.djlVersion(), r.pytorchVersion(), r.threads(), r.epochs(), r.batchSize()));
        s.append(String.format(Locale.ROOT, "%-8s %10s %12s %12s %14s %10s %14s%n", "model", "params", "epoch 1 (s)",
                "epoch (s)", "CPU s/epoch", "test acc", "forward img/s"));
        for (ModelResult m : r.models()) {
            s.append(String.format(Locale.ROOT, "%-8s %10d %12.2f %12.2f %14.2f %10.4f %14.0f%n", m.model(),
                    m.parameters(), m.firstEpochSeconds(), m.medianEpochSeconds(), m.cpuSecondsPerEpoch(),
                    m.testAccuracy(), m.forwardImagesPerSecond()));
        }
        s.append(String.format(Locale.ROOT, "peak RSS %.0f MiB%n", r.peakRssBytes() / 1048576.0));
        return s.toString();
    }

    /**
     * Usage: {@code FoundationBenchmark [--epochs N] [--threads T] [--seed S] [--models mlp,lenet5]
     * [--json PATH] [--phases] [--startup-only]}.
     */
    public static void main(String[] args) {
        Options defaults = Options.defaults();
        List<String> models = defaults.models();
        int epochs = defaults.epochs();
        int threads = defaults.threads();
        long seed = defaults.seed();
        Path json = null;
        boolean startupOnly = false;
        boolean phases = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--models" -> models = List.of(args[++i].split(","));
                case "--json" -> json = Path.of(args[++i]);
                case "--startup-only" -> startupOnly = true;
                case "--phases" -> phases = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (startupOnly) {
            System.out.printf(Locale.ROOT, "{\"startupSeconds\": %.3f}%n", startup(threads));
            return;
        }
        Result result = run(new Options(models, epochs, threads, seed, phases));
        if (json != null) {
            Json.write(json, result);
        }
        System.out.print(table(result));
    }
}
