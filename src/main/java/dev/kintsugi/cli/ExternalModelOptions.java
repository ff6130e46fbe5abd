package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ForwardWatchdog;
import dev.kintsugi.model.InputDeclaration;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.model.onnx.OnnxImport;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How to read a model from outside (TorchScript {@code .pt}, ONNX {@code .onnx}) when no {@code MODEL.json}
 * declaration sits next to it, and the optional import check. Kintsugi model directories need none of this.
 */
final class ExternalModelOptions {
    /** ONNX Runtime must agree with the imported network within this on every output. */
    static final double IMPORT_TOLERANCE = 1e-4;

    @Option(names = "--input-shape", paramLabel = "C,H,W", split = ",",
            description = "For a TorchScript .pt or an ONNX file with dynamic dimensions: one sample's input shape, "
                    + "e.g. 1,28,28.")
    int[] inputShape;

    @Option(names = "--class-names", paramLabel = "A,B,...", split = ",",
            description = "For a .pt or .onnx: class names in output order (default: the dataset's).")
    List<String> classNames;

    @Option(names = "--mean", description = "For a .pt or .onnx: normalisation mean applied before the model.")
    Double mean;

    @Option(names = "--std", description = "For a .pt or .onnx: normalisation std applied before the model.")
    Double std;

    @Option(names = "--model-timeout", paramLabel = "DURATION",
            description = "For a TorchScript .pt: the longest one forward pass may run, e.g. 90s, 5m or PT2M "
                    + "(default: 5m). A model past it stops the run with an error.")
    void modelTimeout(String value) {
        ForwardWatchdog.timeout(Durations.parse("--model-timeout", value));
    }

    @Option(names = "--model-memory", paramLabel = "MIB",
            description = "For a TorchScript .pt: the most memory (MiB) this process may hold while the model "
                    + "runs (default: three quarters of the machine's).")
    void modelMemory(long mib) {
        if (mib <= 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--model-memory must be a positive number of MiB, got " + mib);
        }
        ForwardWatchdog.memoryLimitBytes(mib << 20);
    }

    @Option(names = "--head-layer", paramLabel = "NAME", description = "For a TorchScript .pt that repairs change: "
            + "its output layer, a linear layer NAME (NAME.weight, NAME.bias) whose input the module's method "
            + "penultimate(x) returns. Lets arachne, care, genmunn, random and 3m run on it (default: the "
            + "declaration's \"head\", else none: finetune, pct and fsgmix only).")
    String headLayer;

    @Option(names = "--verify-import", description = "For an ONNX file: check that the imported network's outputs "
            + "equal ONNX Runtime's on 16 random inputs (max abs difference <= 1e-4), else stop.")
    boolean verifyImport;

    private ArchitectureSpec.Normalization normalization() {
        return mean == null ? null : new ArchitectureSpec.Normalization(mean, std == null ? 1.0 : std);
    }

    OnnxImport.Hints hints(List<String> datasetClassNames) {
        return new OnnxImport.Hints(inputShape == null ? null : Arrays.copyOf(inputShape, inputShape.length),
                classNames, datasetClassNames, normalization());
    }

    OpenedClassifier open(Path path, List<String> datasetClassNames) {
        if (OnnxImport.isOnnx(path)) {
            Network net = OnnxImport.load(path, hints(datasetClassNames));
            verify(net, path);
            return new OpenedClassifier(net, path.getFileName().toString(), path, dev.kintsugi.util.Checksums.sha256(path),
                    null);
        }
        if (inputShape == null) {
            return OpenedClassifier.open(path, null);
        }
        return OpenedClassifier.open(path, new InputDeclaration(Arrays.copyOf(inputShape, inputShape.length),
                classNames == null ? datasetClassNames : classNames, normalization(), null));
    }

    /** A model directory, an ONNX file imported into a trainable network, or a TorchScript file made trainable. */
    SavedModel load(Path path, List<String> datasetClassNames) {
        SavedModel saved = ModelStore.load(path, hints(datasetClassNames), headLayer);
        if (OnnxImport.isOnnx(path)) {
            verify(saved.network(), path);
        }
        return saved;
    }

    private void verify(Network net, Path onnx) {
        if (!verifyImport) {
            return;
        }
        double d = OnnxImport.maxDifference(net, onnx, 16, 0);
        if (!(d <= IMPORT_TOLERANCE)) { // NaN fails too
            net.close();
            throw new KintsugiException(String.format(Locale.ROOT, "%s: the imported network differs from ONNX Runtime "
                    + "by up to %.3g (tolerance %.0e); please report this model", onnx, d, IMPORT_TOLERANCE));
        }
        System.err.printf(Locale.ROOT, "import check: %s, max |Kintsugi - ONNX Runtime| = %.3g over 16 inputs%n",
                onnx.getFileName(), d);
    }
}
