package dev.kintsugi.model;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.AtomicFiles;
import dev.kintsugi.util.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The training history a model directory keeps when it was trained with {@code kintsugi train --keep-history}:
 * the parameters the network had at the end of the epoch before its last one. NeuRecover compares the two
 * (the saved model is epoch n, this is epoch n−1) to find the weights that caused regressions.
 * <pre>
 *   previous-epoch.bin   parameters at the end of epoch n−1, in the format of parameters.bin
 *   history.json         {"previousEpoch": n−1, "lastEpoch": n}
 * </pre>
 * Epoch 0 is the initialisation, so a one-epoch run keeps its initial weights.
 *
 * @param previousParameters parameters at the end of {@code previousEpoch}, {@link Network#snapshot()} format
 */
public record EpochHistory(byte[] previousParameters, int previousEpoch, int lastEpoch) {
    public static final String PARAMETERS = "previous-epoch.bin";
    public static final String META = "history.json";

    /** history.json's content. */
    public record Meta(int previousEpoch, int lastEpoch) {
    }

    public EpochHistory {
        if (previousEpoch < 0 || lastEpoch <= previousEpoch) {
            throw new KintsugiException("training history epochs must be 0 <= previous < last, got " + previousEpoch
                    + " and " + lastEpoch);
        }
    }

    /** Writes the history into an existing model directory (beside the model it belongs to). */
    public void write(Path modelDir) {
        AtomicFiles.write(modelDir.resolve(PARAMETERS), previousParameters);
        ModelStore.writeExtra(modelDir, META, new Meta(previousEpoch, lastEpoch));
    }

    /** The history kept in {@code modelDir}, or empty when the model was trained without it (or is a file). */
    public static Optional<EpochHistory> read(Path modelDir) {
        if (modelDir == null || !Files.isDirectory(modelDir) || !Files.isRegularFile(modelDir.resolve(PARAMETERS))) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(modelDir.resolve(META))) {
            throw new KintsugiException(modelDir + ": " + PARAMETERS + " is there but " + META + " is missing");
        }
        Meta meta = Json.read(modelDir.resolve(META), Meta.class);
        try {
            return Optional.of(new EpochHistory(Files.readAllBytes(modelDir.resolve(PARAMETERS)), meta.previousEpoch(),
                    meta.lastEpoch()));
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + modelDir.resolve(PARAMETERS) + ": " + e.getMessage(), e);
        }
    }

    /** The network at the end of epoch n−1: same spec as the saved model, the kept parameters. */
    public Network previousNetwork(ArchitectureSpec spec) {
        try {
            return Network.load(spec, new ByteArrayInputStream(previousParameters));
        } catch (IOException | KintsugiException e) {
            throw new KintsugiException("the kept training history does not fit the model (" + e.getMessage() + ")", e);
        }
    }
}
