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
