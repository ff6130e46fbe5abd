package dev.kintsugi.model;

import dev.kintsugi.util.Checksums;
import dev.kintsugi.util.Provenance;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A classifier opened from disk for evaluation: a Kintsugi model directory or a TorchScript file, with
 * where it came from, its checksum and (for Kintsugi models) its provenance.
 */
public record OpenedClassifier(Classifier classifier, String name, Path source, String checksum, Provenance provenance)
        implements AutoCloseable {

    /**
     * Opens {@code path}: a Kintsugi model directory, an ONNX file (imported; {@code declaration} optional), or a
     * TorchScript {@code .pt} file described by {@code declaration} (null: read {@code path + ".json"}).
     */
    public static OpenedClassifier open(Path path, InputDeclaration declaration) {
        if (!Files.exists(path)) {
            throw new dev.kintsugi.KintsugiException(path + " does not exist (expected a Kintsugi model directory, an ONNX file or a "
                    + "TorchScript .pt file)");
        }
        if (Files.isDirectory(path)) {
            SavedModel saved = ModelStore.load(path);
            return new OpenedClassifier(saved.network(), nameOf(path), path, saved.checksum(), saved.provenance());
        }
        if (dev.kintsugi.model.onnx.OnnxImport.isOnnx(path)) {
            Network network = dev.kintsugi.model.onnx.OnnxImport.load(path, declaration);
            return new OpenedClassifier(network, nameOf(path), path, Checksums.sha256(path), null);
        }
        InputDeclaration d = declaration != null ? declaration : InputDeclaration.besides(path);
        TorchScriptClassifier ts = TorchScriptClassifier.load(path, d);
        return new OpenedClassifier(ts, nameOf(path), path, Checksums.sha256(path), null);
    }

    /** A short name for tables: the folder or file name. */
    static String nameOf(Path path) {
        Path name = path.toAbsolutePath().normalize().getFileName();
        return name == null ? path.toString() : name.toString();
    }

    @Override
    public void close() {
        classifier.close();
    }
}
