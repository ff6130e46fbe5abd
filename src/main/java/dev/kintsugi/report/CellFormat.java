package dev.kintsugi.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** How values print in tables and key/value lists: fixed decimals, locale-independent. */
final class CellFormat {
    static final int DEFAULT_DECIMALS = 3;

    private CellFormat() {
    }

    static boolean isNumber(Object value) {
        return value instanceof Number;
    }

    static boolean isIntegral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger;
    }

    static String format(Object value, int decimals) {
        if (value == null) {
            return "";
        }
        if (isIntegral(value)) {
            return value.toString();
        }
        if (value instanceof BigDecimal big) {
            return big.setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "–";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "∞" : "−∞";
            }
            return String.format(Locale.ROOT, "%." + decimals + "f", d);
        }
        return value.toString();
    }
}
