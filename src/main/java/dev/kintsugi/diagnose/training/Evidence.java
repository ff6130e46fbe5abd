package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Small helpers the detectors share: robust statistics over windows and finding construction. */
public final class Evidence {
    private Evidence() {
    }

    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e4) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * Advice on the learning rate for a run that learns too little: a rate far above the optimiser's customary
     * one (Adam 1e-3, SGD 0.01) is more likely the cause than one too low, so the advice points the right way.
     */
    public static String learningRateAdvice(String optimizer, double learningRate) {
        double customary = "adam".equals(optimizer) ? 1e-3 : 1e-2;
        String direction = learningRate > 10 * customary ? "lower" : "raise";
        return direction + " the learning rate (now " + num(learningRate) + "; " + optimizer + "'s customary rate is "
                + num(customary) + ")";
    }

    /**
     * A finding whose details carry {@code epoch} plus the given key-value pairs (alternating).
     */
    public static Optional<Finding> found(String check, String problem, Severity severity, String evidence, String fix,
                                          int epoch, Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("epoch", epoch);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v instanceof Double d && !Double.isFinite(d)) {
                v = String.valueOf(d);
            }
            details.put(String.valueOf(keyValues[i]), v);
        }
        return Optional.of(new Finding(check, problem, severity, evidence + " at epoch " + epoch, fix, details));
    }
}
