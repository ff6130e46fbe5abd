package dev.kintsugi.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.onnx.OnnxImport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every way a TorchScript module enters or leaves Kintsugi. Whatever is loaded (a user's {@code .pt}, a model
 * directory's {@code parameters.bin}, an in-memory copy) goes through {@link TorchScriptAudit} first: loading
 * already runs the archive's code ({@code __setstate__}), so the operator allow-list must see it before libtorch.
 */
public final class TorchScriptModules {
    private TorchScriptModules() {
    }

    /** True for a path that names a TorchScript file by its extension ({@code .pt}, {@code .pth}). */
    public static boolean isTorchScript(Path path) {
        if (path.getFileName() == null) {
            return false;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pt") || name.endsWith(".pth");
    }

    /**
     * Loads an audited TorchScript file as a DJL model whose block is a {@link PtSymbolBlock} in eval mode, with
     * its weights as ordinary tensors: DJL's default loads them as inference-mode tensors, which autograd can
     * neither differentiate through nor train.
     */
    static Model open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KintsugiException(file + " does not exist or is not a file");
        }
        TorchScriptAudit.check(file);
        Engines.engine();
        Model model = Model.newInstance(file.getFileName().toString(), ai.djl.Device.cpu(), "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), file.getFileName().toString(), Map.of("trainParam", "true"));
            JniUtils.enableInferenceMode((PtSymbolBlock) model.getBlock());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new KintsugiException(file + " is not a TorchScript model PyTorch " + Engines.pytorchVersion()
                    + " can load (" + firstLine(e) + ")", e);
        }
        return model;
    }

    /**
     * Loads a TorchScript archive held in memory ({@code name} says where it came from), through a temporary file
     * so that the same audit reads it as it reads a user's file.
     */
    static Model open(byte[] archive, String name) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("kintsugi-", ".pt");
            Files.write(tmp, archive);
            return open(tmp);
        } catch (IOException e) {
            throw new KintsugiException("cannot stage the TorchScript module of " + name + ": " + e.getMessage(), e);
        } catch (KintsugiException e) {
            throw new KintsugiException(name + ": " + e.getMessage().replace(String.valueOf(tmp), "its module"), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless; the load's outcome is what matters
                }
            }
        }
    }

    /**
     * The module as {@code torch.jit.save} writes it (a zip archive {@code torch.jit.load} reads), in eval mode so
     * that whoever loads it gets inference behaviour (dropout off, batch-norm running statistics), as after
     * {@code torch.jit.save(model.eval())}.
     */
    static byte[] archive(PtSymbolBlock block) {
        JniUtils.enableInferenceMode(block);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JniUtils.writeModule(block, out, false);
        return out.toByteArray();
    }

    /**
     * What the command line and {@code FILE.pt.json} say about a TorchScript file that the file does not: its input
     * shape (required: TorchScript does not record it), class names (else the dataset's), normalisation, bounds, and
     * the output layer ({@code head}, else the file's declaration's, else none).
     */
    public static InputDeclaration declaration(Path file, OnnxImport.Hints hints, String head) {
        OnnxImport.Hints h = hints == null ? OnnxImport.Hints.NONE : hints;
        Path json = Path.of(file + ".json");
        InputDeclaration besides = Files.isRegularFile(json) ? InputDeclaration.besides(file) : null;
        int[] shape = h.inputShape() != null ? h.inputShape() : besides != null ? besides.inputShape() : null;
        if (shape == null) {
            throw new KintsugiException(file + " is TorchScript, which does not record its input shape: give "
                    + "--input-shape (e.g. 1,28,28) or write " + json + " with inputShape and classNames");
        }
        List<String> names = h.classNames() != null ? h.classNames()
                : besides != null ? besides.classNames() : h.fallbackClasses();
        if (names == null) {
            throw new KintsugiException(file + ": give --class-names or write " + json + " with classNames");
        }
        ArchitectureSpec.Normalization norm = h.normalization() != null ? h.normalization()
                : besides != null ? besides.normalization() : null;
        return new InputDeclaration(shape, names, norm, besides != null ? besides.bounds() : null,
                head != null ? head : besides != null ? besides.head() : null);
    }

    static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
