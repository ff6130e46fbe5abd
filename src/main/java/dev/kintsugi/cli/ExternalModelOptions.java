package dev.kintsugi.cli;

import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ForwardWatchdog;
import dev.kintsugi.model.InputDeclaration;
import dev.kintsugi.model.OpenedClassifier;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How to read a TorchScript model from outside when no {@code MODEL.pt.json} declaration sits next to it.
 * Kintsugi model directories need none of this.
 */
final class ExternalModelOptions {
    @Option(names = "--input-shape", paramLabel = "C,H,W", split = ",",
            description = "For a TorchScript .pt: one sample's input shape, e.g. 1,28,28.")
    int[] inputShape;

    @Option(names = "--class-names", paramLabel = "A,B,...", split = ",",
            description = "For a TorchScript .pt: class names in output order (default: the dataset's).")
    List<String> classNames;

    @Option(names = "--mean", description = "For a TorchScript .pt: normalisation mean applied before the model.")
    Double mean;

    @Option(names = "--std", description = "For a TorchScript .pt: normalisation std applied before the model.")
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

    OpenedClassifier open(Path path, List<String> datasetClassNames) {
        if (inputShape == null) {
            return OpenedClassifier.open(path, null);
        }
        ArchitectureSpec.Normalization norm = mean == null ? null
                : new ArchitectureSpec.Normalization(mean, std == null ? 1.0 : std);
        return OpenedClassifier.open(path, new InputDeclaration(Arrays.copyOf(inputShape, inputShape.length),
                classNames == null ? datasetClassNames : classNames, norm, null));
    }
}
