package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.model.onnx.OnnxExport;
import dev.kintsugi.model.onnx.OnnxImport;
import dev.kintsugi.util.Checksums;
import dev.kintsugi.util.Json;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed model out in the user's format: {@code --export onnx} writes {@code model.onnx} beside the
 * Kintsugi model directory, checked in ONNX Runtime, with a sidecar naming the original file and its checksum.
 */
final class ExportOptions {
    @Option(names = "--export", paramLabel = "FORMAT", description = "Also write the fixed model as onnx (the "
            + "imported graph with the new weights, checked in ONNX Runtime) or torchscript. Default: the input's "
            + "format for a model from outside (an .onnx input gives model.onnx).")
    String format;

    /** The format to write for a model read from {@code source}, or null for none. */
    String formatFor(Path source) {
        String f = format != null ? format.toLowerCase(Locale.ROOT) : OnnxImport.isOnnx(source) ? "onnx" : null;
        if (f == null) {
            return null;
        }
        switch (f) {
            case "onnx" -> {
                return f;
            }
            case "torchscript" -> throw new KintsugiException("--export torchscript is not available: Kintsugi cannot "
                    + "write a TorchScript module for a network it trains (DJL saves TorchScript only for modules loaded "
                    + "from TorchScript); use --export onnx");
            default -> throw new KintsugiException("--export must be onnx or torchscript, got " + format);
        }
    }

    /** Checks before the work starts, so a long repair does not end in a refusal. */
    void check(Path source, SavedModel original) {
        if ("onnx".equals(formatFor(source)) && !OnnxExport.canExport(original.network())) {
            throw new KintsugiException("--export onnx needs a model imported from ONNX; " + source + " is a Kintsugi "
                    + original.network().spec().architecture() + " model (its model directory is the export)");
        }
    }

    /**
     * Writes {@code modelDir} (a saved fixed model) as {@code target} in the chosen format, with
     * {@code target.json}; returns the file written or null when no export was asked for.
     */
    Path export(Path source, String sourceChecksum, Path modelDir, Path target) {
        if (formatFor(source) == null) {
            return null;
        }
        try (SavedModel fixed = ModelStore.load(modelDir)) {
            OnnxExport.write(fixed.network(), target);
            double d = OnnxImport.maxDifference(fixed.network(), target, 16, 0);
            if (d > ExternalModelOptions.IMPORT_TOLERANCE) {
                throw new KintsugiException(String.format(Locale.ROOT, "%s: ONNX Runtime's outputs differ from the "
                        + "fixed model's by up to %.3g; the export is not trustworthy", target, d));
            }
            Map<String, Object> sidecar = new LinkedHashMap<>();
            sidecar.put("inputShape", fixed.network().inputShape());
            sidecar.put("classNames", fixed.network().classNames());
            if (fixed.network().spec().normalization() != null) {
                sidecar.put("normalization", fixed.network().spec().normalization());
            }
            sidecar.put("format", "onnx");
            sidecar.put("sha256", Checksums.sha256(target));
            sidecar.put("original", Map.of("file", source.toAbsolutePath().normalize().toString(), "sha256",
                    sourceChecksum));
            sidecar.put("fixedModel", Map.of("directory", modelDir.toString(), "sha256", fixed.checksum()));
            sidecar.put("onnxRuntimeMaxDifference", d);
            if (Files.exists(Path.of(target + ".json"))) {
                throw new KintsugiException(target + ".json already exists");
            }
            Json.write(Path.of(target + ".json"), sidecar);
            System.err.printf(Locale.ROOT, "exported %s (ONNX Runtime agrees within %.3g)%n", target, d);
            return target;
        }
    }
}
