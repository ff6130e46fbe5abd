package dev.kintsugi.model;

import ai.djl.nn.SequentialBlock;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.zoo.Architecture;
import dev.kintsugi.model.zoo.Cnn;
import dev.kintsugi.model.zoo.LeNet5;
import dev.kintsugi.model.zoo.Mlp;
import dev.kintsugi.model.zoo.Options;
import dev.kintsugi.model.zoo.ResNetSmall;
import dev.kintsugi.model.zoo.VggSmall;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The built-in architectures, by name. */
public final class ModelZoo {
    private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();
    /** Networks imported from ONNX: built from their spec like the zoo's, but not listed (not trainable from scratch). */
    private static final Architecture IMPORTED = new dev.kintsugi.model.onnx.OnnxArchitecture();

    static {
        for (Architecture a : List.of(new Mlp(), new LeNet5(), new Cnn(), new VggSmall(), new ResNetSmall())) {
            ARCHITECTURES.put(a.name(), a);
        }
    }

    private ModelZoo() {
    }

    public static List<Architecture> architectures() {
        return List.copyOf(ARCHITECTURES.values());
    }

    public static Architecture architecture(String name) {
        Architecture a = IMPORTED.name().equals(name) ? IMPORTED : ARCHITECTURES.get(name);
        if (a == null) {
            throw new KintsugiException("unknown architecture '" + name + "'; choose one of "
                    + String.join(", ", ARCHITECTURES.keySet()));
        }
        return a;
    }

    /** Fills in defaults and rejects options the architecture does not read (a typo must not pass silently). */
    public static Map<String, String> resolveOptions(String name, Map<String, String> given) {
        Architecture a = architecture(name);
        Map<String, String> resolved = new TreeMap<>(a.defaults());
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!resolved.containsKey(e.getKey())) {
                throw new KintsugiException(name + " has no option '" + e.getKey() + "'; its options are "
                        + String.join(", ", resolved.keySet()));
            }
            if (e.getValue() == null) {
                throw new KintsugiException(name + " option '" + e.getKey() + "' has no value (null)");
            }
            resolved.put(e.getKey(), e.getValue());
        }
        return resolved;
    }

    /**
     * A spec for training {@code architecture} on data shaped like {@code train}. Images get a scalar
     * normalisation fitted on the training split (inside the network, so inputs stay in [0, 1] for
     * attacks); tabular data is expected to be standardised by its loader already.
     */
    public static ArchitectureSpec specFor(String architecture, Map<String, String> options,
                                           dev.kintsugi.data.Dataset train, boolean normalize) {
        ArchitectureSpec.Normalization norm = normalize && train.sampleShape().length == 3
                ? ArchitectureSpec.Normalization.fit(train) : null;
        return new ArchitectureSpec(architecture, resolveOptions(architecture, options), train.sampleShape(), norm,
                train.classNames());
    }

    /** The block for a spec; its options must already be resolved. */
    public static SequentialBlock build(ArchitectureSpec spec) {
        Architecture a = architecture(spec.architecture());
        // a REASSURE patch is not an architecture option: it wraps whatever the architecture builds
        Map<String, String> own = new TreeMap<>(spec.options());
        String patch = own.remove(ReassurePatch.OPTION);
        Options options = new Options(a.name(), resolveOptions(a.name(), own));
        SequentialBlock base = a.build(options, spec.inputShape(), spec.numClasses());
        return patch == null ? base : PatchedSequentialBlock.of(base, ReassurePatch.Layout.decode(patch));
    }
}
