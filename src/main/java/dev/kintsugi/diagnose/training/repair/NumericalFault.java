package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.ActivationSample;
import dev.kintsugi.diagnose.training.DiagnosedFinding;
import dev.kintsugi.diagnose.training.FixAttempt;
import dev.kintsugi.diagnose.training.GradientSample;
import dev.kintsugi.diagnose.training.TrainingSignals;
import dev.kintsugi.model.Layer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a numerical fault from an optimisation fault: when non-finite values survive both the learning rate
 * ÷ 100 and gradient clipping, a smaller step cannot be what is wrong, so the run's other findings (exploding
 * gradients, dead units, no progress...) are symptoms of one fault, reported as one finding that names the
 * first layer and operation seen producing a non-finite value (the doctor's activation and gradient taps).
 */
public final class NumericalFault {
    public static final String CHECK = "numerical-fault";
    static final String PROBLEM = "non-finite values that a lower learning rate does not remove; suspect a "
            + "numerical fault";

    private NumericalFault() {
    }

    /** The finding, if the attempts show NaN surviving lr ×0.01 and clip-norm 10. */
    public static Optional<DiagnosedFinding> diagnose(List<FixAttempt> attempts, TrainingSignals signals) {
        boolean lowRate = survived(attempts, "lr ×0.01");
        boolean clipped = survived(attempts, "clip-norm 10");
        if (!lowRate || !clipped) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        String where = firstNonFinite(signals, details);
        details.put("survived", "lr ×0.01, clip-norm 10");
        int epoch = details.get("epoch") instanceof Integer e ? e : 0;
        int step = details.get("step") instanceof Integer s ? s : -1;
        Finding f = new Finding(CHECK, PROBLEM, Severity.PROBLEM,
                where + "; NaN survived lr ×0.01 and clip-norm 10",
                "rerun with --threads 1 and compare; check `kintsugi env` for the kernel workaround in force "
                        + "(docs/DETERMINISM.md) or cap the instruction set with ONEDNN_MAX_CPU_ISA=AVX2; check "
                        + "the inputs for NaN",
                details);
        return Optional.of(new DiagnosedFinding(f, epoch, step));
    }

    private static boolean survived(List<FixAttempt> attempts, String fix) {
        return attempts.stream().anyMatch(a -> a.fix().equals(fix)
                && (a.problem().equals("nan-loss") ? !a.problemGone() : a.remaining().contains("nan-loss")));
    }

    /** The first tap that saw a non-finite value: a layer's forward output, else a layer's gradient. */
    static String firstNonFinite(TrainingSignals s, Map<String, Object> details) {
        for (ActivationSample a : s.activations) {
            for (ActivationSample.LayerActivation l : a.layers()) {
                if (!l.finite()) {
                    details.put("epoch", a.epoch());
                    details.put("step", a.step());
                    details.put("layer", l.name());
                    details.put("operation", "forward");
                    return "first non-finite value: forward output of " + l.name() + " at step " + a.step();
                }
            }
        }
        for (GradientSample g : s.gradients) {
            // backward runs from the output down: the highest layer with a non-finite gradient came first
            for (int i = g.layers().length - 1; i >= 0; i--) {
                if (!Double.isFinite(g.norms()[i])) {
                    String name = nameOf(s.layers, g.layers()[i]);
                    details.put("epoch", g.epoch());
                    details.put("step", g.step());
                    details.put("layer", name);
                    details.put("operation", "backward (parameter gradient)");
                    return "first non-finite value: gradient of " + name + " at step " + g.step();
                }
            }
        }
        for (int i = 0; i < s.batchLosses.size(); i++) {
            if (!Double.isFinite(s.batchLosses.get(i))) {
                details.put("epoch", s.batchEpochs.get(i));
                details.put("step", i);
                details.put("operation", "loss");
                return "first non-finite value: the loss at step " + i + " (no sampled tap saw it earlier)";
            }
        }
        return "non-finite values in the parameters";
    }

    private static String nameOf(List<Layer> layers, int index) {
        return layers.stream().filter(l -> l.index() == index).map(Layer::name).findFirst()
                .orElse("layer " + index);
    }
}
