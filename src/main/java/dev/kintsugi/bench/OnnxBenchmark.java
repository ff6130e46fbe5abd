package dev.kintsugi.bench;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.model.onnx.OnnxImport;
import dev.kintsugi.model.onnx.OnnxRuntimeRunner;
import dev.kintsugi.train.EpochStats;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Outside models, measured (bench/onnx.sh): how long an ONNX import takes, whether an imported LeNet-5
 * trains as fast as the zoo's, and whether ONNX Runtime reproduces a repaired model's test accuracy.
 * <pre>
 *   OnnxBenchmark import FILE.onnx [REPEATS]
 *   OnnxBenchmark train FILE.onnx DATA EPOCHS          (zoo lenet5 and the import, alternating, 1 thread)
 *   OnnxBenchmark accuracy REPAIR_OUT DATA             (REPAIR_OUT/model in Kintsugi, REPAIR_OUT/model.onnx in ORT)
 * </pre>
 */
public final class OnnxBenchmark {
    private OnnxBenchmark() {
    }

    public static void main(String[] args) {
        Engines.configureThreads(1);
        switch (args[0]) {
            case "import" -> importTime(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 20);
            case "train" -> trainSpeed(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "accuracy" -> accuracy(Path.of(args[1]), args[2]);
            default -> throw new IllegalArgumentException("import, train or accuracy, not " + args[0]);
        }
    }

    /** The engine is started first (every command pays that anyway); then the first and the median import. */
    private static void importTime(Path file, int repeats) {
        try (Network warm = Network.create(ModelZoo.specFor("lenet5", Map.of(),
                new Dataset("x", new int[] {1, 28, 28}, new float[784], new int[] {0}, List.of("a", "b")), false), 0)) {
            warm.parameterCount();
        }
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long c0 = FoundationBenchmark.processCpuNanos();
            long t0 = System.nanoTime();
            try (Network n = OnnxImport.load(file, OnnxImport.Hints.NONE)) {
                n.parameterCount();
            }
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (FoundationBenchmark.processCpuNanos() - c0) / 1e9;
        }
        System.out.printf(Locale.ROOT, "import %s: first %.3f s (CPU %.3f s), median of %d %.3f s (CPU %.3f s)%n",
                file.getFileName(), wall[0], cpu[0], repeats, FoundationBenchmark.median(wall),
                FoundationBenchmark.median(cpu));
    }

    /** Both LeNet-5s train on the same data with the same recipe; epochs alternate between them. */
    private static void trainSpeed(Path file, String data, int epochs) {
        Splits splits = DatasetResolver.resolve(data, 0);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withSeed(0);
        ArchitectureSpec zooSpec = ModelZoo.specFor("lenet5", Map.of(), splits.train(), false);
        try (Network zoo = Network.create(zooSpec, 0);
             Network imported = OnnxImport.load(file, new OnnxImport.Hints(null, null, splits.train().classNames(),
                     null))) {
            System.out.printf(Locale.ROOT, "parameters: zoo %d, imported %d; %d training images, 1 thread%n",
                    zoo.parameterCount(), imported.parameterCount(), splits.train().size());
            double[][] wall = new double[2][epochs];
            double[][] cpu = new double[2][epochs];
            Network[] nets = {zoo, imported};
            for (int e = 0; e < epochs; e++) {
                for (int k = 0; k < 2; k++) {
                    long c0 = FoundationBenchmark.processCpuNanos();
                    TrainingHistory h = new Trainer(config).fit(nets[k], splits.train(), null);
                    cpu[k][e] = (FoundationBenchmark.processCpuNanos() - c0) / 1e9;
                    wall[k][e] = h.epochs.stream().mapToDouble(EpochStats::seconds).sum();
                }
            }
            String[] names = {"zoo lenet5", "imported lenet5.onnx"};
            for (int k = 0; k < 2; k++) {
                System.out.printf(Locale.ROOT, "%-22s median epoch %.2f s wall, %.2f s CPU (%d epochs)%n", names[k],
                        FoundationBenchmark.median(wall[k]), FoundationBenchmark.median(cpu[k]), epochs);
            }
        }
    }

    /** Test accuracy of a repair's fixed model in Kintsugi and of its exported ONNX file in ONNX Runtime. */
    private static void accuracy(Path repairOut, String data) {
        Dataset test = DatasetResolver.resolve(data, 0).test();
        try (SavedModel fixed = ModelStore.load(repairOut.resolve("model"));
             OnnxRuntimeRunner ort = new OnnxRuntimeRunner(repairOut.resolve("model.onnx"))) {
            Network net = fixed.network();
            double ours = Predictor.predict(net, test).accuracy();
            float[] out = ort.run(OnnxImport.onnxInput(net, test.featuresView(), test.size()),
                    OnnxImport.onnxShape(net, test.size()));
            int k = net.numClasses();
            int correct = 0;
            for (int i = 0; i < test.size(); i++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (out[i * k + j] > out[i * k + best]) {
                        best = j;
                    }
                }
                correct += best == test.label(i) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%s on %s (%d images): Kintsugi %.4f, ONNX Runtime %.4f (%d correct)%n",
                    repairOut, test.name(), test.size(), ours, (double) correct / test.size(), correct);
        }
    }
}
