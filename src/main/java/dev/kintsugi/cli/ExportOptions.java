package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.InputDeclaration;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.model.TorchScriptClassifier;
import dev.kintsugi.model.TorchScriptModules;
import dev.kintsugi.model.onnx.OnnxExport;
import dev.kintsugi.model.onnx.OnnxImport;
import dev.kintsugi.util.AtomicFiles;
import dev.kintsugi.util.Checksums;
import dev.kintsugi.util.Json;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed model out in the user's format: {@code --export onnx} writes {@code NAME.onnx} (checked in ONNX Runtime),
 * {@code --export torchscript} writes {@code NAME.pt} (the TorchScript module it was loaded from with the new
 * weights, loaded back through the operator audit and checked against the fixed model), each atomically and never
 * over an existing file, with a sidecar {@code NAME.EXT.json} naming the original file and its checksum.
 */
final class ExportOptions {
    /** How many seeded random inputs the reload check compares, and their seed (the sidecar records both). */
    static final int CHECK_SAMPLES = 16;
    static final long CHECK_SEED = 0;

    @Option(names = "--export", paramLabel = "FORMAT", description = "Also write the fixed model as onnx (the "
            + "imported graph with the new weights, checked in ONNX Runtime) or torchscript (the loaded module with "
            + "the new weights, loaded back and checked). Default: the input's format for a model from outside "
            + "(an .onnx input gives model.onnx, a .pt input model.pt); none writes only the Kintsugi model directory.")
    String format;

    /** The format to write for a model read from {@code source}, or null for none. */
    String formatFor(Path source) {
        String f = format != null ? format.toLowerCase(Locale.ROOT)
                : OnnxImport.isOnnx(source) ? "onnx" : TorchScriptModules.isTorchScript(source) ? "torchscript" : null;
        if (f == null || f.equals("none")) {
            return null;
        }
        if (!f.equals("onnx") && !f.equals("torchscript")) {
            throw new KintsugiException("--export must be onnx, torchscript or none, got " + format);
        }
        return f;
    }

    /**
     * Refuses up front an approach whose fixed model the chosen format cannot hold: a TorchScript module cannot
     * take the layers REASSURE adds (ONNX can: the patch is written as graph nodes).
     */
    void check(Path source, dev.kintsugi.repair.RepairApproach approach) {
        String f = formatFor(source);
        if ("torchscript".equals(f) && approach.addsLayers()) {
            throw new KintsugiException(approach.name() + " adds layers to the model (REASSURE's patch network), which "
                    + "--export torchscript cannot write into the module; give --export none to keep the fixed model as "
                    + "a Kintsugi model directory, or start from the model's ONNX export");
        }
    }

    /** Checks before the work starts, so a long repair does not end in a refusal. */
    void check(Path source, SavedModel original) {
        String f = formatFor(source);
        if ("onnx".equals(f) && !OnnxExport.canExport(original.network())) {
            throw new KintsugiException("--export onnx needs a model imported from ONNX; " + source + " is a "
                    + (original.network().isTorchScript() ? "TorchScript model (use --export torchscript, or export "
                    + "it to ONNX with torch.onnx.export first)" : "Kintsugi " + original.network().spec().architecture()
                    + " model (its model directory is the export)"));
        }
        if ("torchscript".equals(f) && !original.network().isTorchScript()) {
            throw new KintsugiException("--export torchscript needs a TorchScript model as input; " + source + " is "
                    + (OnnxExport.canExport(original.network()) ? "ONNX (use --export onnx)" : "a Kintsugi "
                    + original.network().spec().architecture() + " model (its model directory is the export)")
                    + ": Kintsugi writes TorchScript only for modules it loaded from TorchScript");
        }
    }

    /**
     * Writes {@code modelDir} (a saved fixed model) as {@code dir/stem.onnx} or {@code dir/stem.pt} in the chosen
     * format, with its sidecar; returns the file written or null when no export was asked for.
     */
    Path export(Path source, String sourceChecksum, Path modelDir, Path dir, String stem) {
        String f = formatFor(source);
        if (f == null) {
            return null;
        }
        Path target = dir.resolve(stem + ("onnx".equals(f) ? ".onnx" : ".pt"));
        if (Files.exists(Path.of(target + ".json"))) {
            throw new KintsugiException(target + ".json already exists");
        }
        try (SavedModel fixed = ModelStore.load(modelDir)) {
            Map<String, Object> sidecar = new LinkedHashMap<>();
            sidecar.put("inputShape", fixed.network().inputShape());
            sidecar.put("classNames", fixed.network().classNames());
            if (fixed.network().spec().normalization() != null) {
                sidecar.put("normalization", fixed.network().spec().normalization());
            }
            String head = fixed.network().spec().option(dev.kintsugi.model.Network.HEAD_OPTION);
            if (head != null) {
                sidecar.put("head", head); // so the export, as a user's .pt, keeps its declared output layer
            }
            sidecar.put("format", f);
            if ("onnx".equals(f)) {
                writeOnnx(fixed, target, sidecar);
            } else {
                writeTorchScript(fixed, target, sidecar);
            }
            sidecar.put("sha256", Checksums.sha256(target));
            sidecar.put("original", Map.of("file", source.toAbsolutePath().normalize().toString(), "sha256",
                    sourceChecksum));
            sidecar.put("fixedModel", Map.of("directory", modelDir.toString(), "sha256", fixed.checksum()));
            Json.write(Path.of(target + ".json"), sidecar);
            return target;
        }
    }

    private static void writeOnnx(SavedModel fixed, Path target, Map<String, Object> sidecar) {
        OnnxExport.write(fixed.network(), target);
        double d = OnnxImport.maxDifference(fixed.network(), target, CHECK_SAMPLES, CHECK_SEED);
        if (!(d <= ExternalModelOptions.IMPORT_TOLERANCE)) { // NaN fails too
            throw new KintsugiException(String.format(Locale.ROOT, "%s: ONNX Runtime's outputs differ from the "
                    + "fixed model's by up to %.3g; the export is not trustworthy", target, d));
        }
        sidecar.put("onnxRuntimeMaxDifference", d);
        System.err.printf(Locale.ROOT, "exported %s (ONNX Runtime agrees within %.3g)%n", target, d);
    }

    /**
     * Writes the module and loads the file back as a user's {@code .pt} is loaded (audit included); its logits
     * on seeded random inputs must equal the fixed model's within the import tolerance. The sidecar keeps those
     * logits, so tools/check_torchscript_export.py can repeat the check in PyTorch itself.
     */
    private static void writeTorchScript(SavedModel fixed, Path target, Map<String, Object> sidecar) {
        if (Files.exists(target)) {
            throw new KintsugiException(target + " already exists; Kintsugi never replaces a file (choose another path)");
        }
        AtomicFiles.write(target, fixed.network().torchScriptArchive());
        float[] x = ClassifierChecks.uniformInputs(fixed.network(), CHECK_SAMPLES, CHECK_SEED);
        float[] ours = ClassifierChecks.logits(fixed.network(), x, CHECK_SAMPLES);
        float[] theirs;
        InputDeclaration declaration = new InputDeclaration(fixed.network().inputShape(),
                fixed.network().classNames(), fixed.network().spec().normalization(), null,
                fixed.network().spec().option(dev.kintsugi.model.Network.HEAD_OPTION));
        double d;
        try (TorchScriptClassifier back = TorchScriptClassifier.load(target, declaration)) {
            theirs = ClassifierChecks.logits(back, x, CHECK_SAMPLES);
            d = ClassifierChecks.maxDifference(ours, theirs);
            if (!(d <= ExternalModelOptions.IMPORT_TOLERANCE)) { // NaN fails too
                throw new KintsugiException(String.format(Locale.ROOT, "%s: the written module's outputs differ from "
                        + "the fixed model's by up to %.3g; the export is not trustworthy and was removed", target, d));
            }
        } catch (RuntimeException e) {
            // an export that does not load back, or not as the fixed model, must not be left for someone to use
            try {
                Files.deleteIfExists(target);
            } catch (java.io.IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("samples", CHECK_SAMPLES);
        check.put("seed", CHECK_SEED);
        check.put("inputs", "java.util.Random(seed).nextFloat() for each value, row-major [samples, inputShape...], "
                + "normalised as declared before the module");
        check.put("logits", ours);
        check.put("reloadMaxDifference", d);
        sidecar.put("check", check);
        System.err.printf(Locale.ROOT, "exported %s (loaded back: outputs agree within %.3g)%n", target, d);
    }
}
