package dev.kintsugi.model;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.AtomicFiles;
import dev.kintsugi.util.Checksums;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;
import dev.kintsugi.util.ProvenanceCheck;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model directory format:
 * <pre>
 *   spec.json         architecture, resolved options, input shape, normalisation, class names
 *   parameters.bin    DJL parameters of the block, in DJL's own format
 *   provenance.json   where the model came from
 *   (extra files)     e.g. training.json, diff.json, written by whoever saves the model
 * </pre>
 * An ONNX file ({@code .onnx}) loads here too, imported into a trainable network (see
 * {@link dev.kintsugi.model.onnx.OnnxImport}), and so does a TorchScript file ({@link Network#torchScript}); both are
 * only read. A TorchScript network's {@code parameters.bin} is its whole module as {@code torch.jit.save} writes it.
 * Saves are atomic (a temporary sibling directory renamed into place) and never replace an existing
 * directory unless forced, so an original model is never overwritten by accident.
 */
public final class ModelStore {
    public static final String SPEC = "spec.json";
    public static final String PARAMETERS = "parameters.bin";
    public static final String PROVENANCE = "provenance.json";

    private ModelStore() {
    }

    /**
     * Saves {@code network} into {@code dir}. {@code extras} maps file names to objects written as JSON
     * beside the model.
     */
    public static void save(Network network, Provenance provenance, Path dir, boolean force,
                            Map<String, ?> extras) {
        AtomicFiles.writeDirectory(dir, force, tmp -> {
            Files.writeString(tmp.resolve(SPEC), Json.toString(network.spec()) + "\n");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMETERS)))) {
                network.writeParameters(out);
            }
            for (Map.Entry<String, ?> e : extras.entrySet()) {
                Files.writeString(tmp.resolve(e.getKey()), Json.toString(e.getValue()) + "\n");
            }
            // the checksums of what was just written, so a later change to any of them is found on load
            provenance.files = ProvenanceCheck.hashFiles(tmp, PROVENANCE);
            Files.writeString(tmp.resolve(PROVENANCE), Json.toString(provenance) + "\n");
        });
    }

    public static void save(Network network, Provenance provenance, Path dir, boolean force) {
        save(network, provenance, dir, force, Map.of());
    }

    public static SavedModel load(Path dir) {
        return load(dir, dev.kintsugi.model.onnx.OnnxImport.Hints.NONE);
    }

    /**
     * Loads a model directory, or imports an ONNX file ({@code hints} say what the file does not: its class
     * names, normalisation, a shape for dynamic dimensions; without them {@code FILE.onnx.json} is read if present).
     * A TorchScript file ({@code .pt}, {@code .pth}, audited first) loads as a trainable network whose layers are
     * opaque: what needs layers refuses it in one line. {@code hints} or {@code FILE.pt.json} give its input shape.
     */
    public static SavedModel load(Path dir, dev.kintsugi.model.onnx.OnnxImport.Hints hints) {
        return load(dir, hints, null);
    }

    /**
     * As {@link #load(Path, dev.kintsugi.model.onnx.OnnxImport.Hints)}; a TorchScript file's output layer is
     * {@code torchScriptHead} ({@code --head-layer}) when given, else its declaration's.
     */
    public static SavedModel load(Path dir, dev.kintsugi.model.onnx.OnnxImport.Hints hints, String torchScriptHead) {
        if (Files.isRegularFile(dir) && dev.kintsugi.model.onnx.OnnxImport.isOnnx(dir)) {
            Network network = dev.kintsugi.model.onnx.OnnxImport.load(dir, hints);
            return new SavedModel(network, null, dir, Checksums.sha256(dir));
        }
        if (Files.isRegularFile(dir) && TorchScriptModules.isTorchScript(dir)) {
            // audited, then trainable: approaches that only fine-tune run on it, the others refuse in one line
            Network network = Network.torchScript(dir, TorchScriptModules.declaration(dir, hints, torchScriptHead));
            return new SavedModel(network, null, dir, Checksums.sha256(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new KintsugiException(dir + " is not a model directory (it does not exist or is a file)");
        }
        for (String f : new String[] {SPEC, PARAMETERS}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new KintsugiException(dir + " is not a Kintsugi model directory: " + f + " is missing");
            }
        }
        ArchitectureSpec spec = Json.read(dir.resolve(SPEC), ArchitectureSpec.class);
        if (spec.architecture() == null || spec.inputShape() == null || spec.classNames() == null) {
            throw new KintsugiException(dir.resolve(SPEC) + ": architecture, inputShape and classNames are required");
        }
        Provenance provenance = Files.isRegularFile(dir.resolve(PROVENANCE))
                ? Json.read(dir.resolve(PROVENANCE), Provenance.class) : null;
        try (InputStream in = Files.newInputStream(dir.resolve(PARAMETERS))) {
            Network network = Network.load(spec, new java.io.BufferedInputStream(in));
            try {
                ProvenanceCheck.requireIntact(dir, provenance);
            } catch (KintsugiException e) {
                network.close();
                throw e;
            }
            return new SavedModel(network, provenance, dir, checksum(dir));
        } catch (IOException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() || "(null)".equals(e.getMessage())
                    ? (e instanceof java.io.EOFException ? "the file ends early: truncated" : e.getClass().getSimpleName())
                    : e.getMessage();
            throw new KintsugiException(dir.resolve(PARAMETERS) + ": cannot read parameters (" + why + ")", e);
        } catch (ai.djl.engine.EngineException | IllegalArgumentException | IllegalStateException e) {
            throw new KintsugiException(dir.resolve(PARAMETERS) + ": parameters do not fit " + SPEC
                    + " (truncated, or layer sizes that differ from the spec: " + firstLine(e) + ")", e);
        } catch (KintsugiException e) {
            throw e;
        } catch (RuntimeException e) {
            // building the network runs DJL's shape inference over what spec.json says (for an imported model,
            // a whole ONNX graph); an inconsistent spec fails there with whatever its code path throws
            throw new KintsugiException(dir.resolve(SPEC) + ": describes a network that cannot be built (" + e
                    + ")", e);
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** Identity of a saved model: SHA-256 over its spec and parameters. */
    public static String checksum(Path dir) {
        return Checksums.sha256(dir.resolve(SPEC), dir.resolve(PARAMETERS));
    }

    /** Writes one more JSON file into an existing model directory, atomically. */
    public static void writeExtra(Path dir, String name, Object value) {
        AtomicFiles.writeString(dir.resolve(name), Json.toString(value) + "\n");
    }
}
