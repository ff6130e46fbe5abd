package dev.kintsugi.model.zoo;

import dev.kintsugi.KintsugiException;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Resolved architecture options with typed, validated accessors. */
public final class Options {
    private final String architecture;
    private final Map<String, String> values;

    public Options(String architecture, Map<String, String> values) {
        this.architecture = architecture;
        this.values = new TreeMap<>(values);
    }

    public Map<String, String> asMap() {
        return new TreeMap<>(values);
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException(architecture + " reads option '" + key + "' without a default");
        }
        return v.trim();
    }

    /** Layer widths and kernel sizes above this would only exhaust memory (a typo such as hidden=999999999). */
    public static final int MAX_SIZE = 1 << 16;

    public int integer(String key) {
        try {
            int v = Integer.parseInt(string(key));
            if (v > MAX_SIZE) {
                throw bad(key, "at most " + MAX_SIZE);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, "a whole number");
        }
    }

    public double real(String key) {
        try {
            return Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw bad(key, "a number");
        }
    }

    public boolean bool(String key) {
        String v = string(key).toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, "true or false");
        };
    }

    /** A comma-separated list of positive integers, for example layer widths {@code 256,128}. */
    public int[] integers(String key) {
        String v = string(key);
        if (v.isEmpty()) {
            return new int[0];
        }
        try {
            int[] out = Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            for (int x : out) {
                if (x <= 0) {
                    throw bad(key, "positive whole numbers separated by commas");
                }
                if (x > MAX_SIZE) {
                    throw bad(key, "whole numbers of at most " + MAX_SIZE);
                }
            }
            return out;
        } catch (NumberFormatException e) {
            throw bad(key, "positive whole numbers separated by commas");
        }
    }

    private KintsugiException bad(String key, String expected) {
        return new KintsugiException(architecture + " option " + key + "=" + values.get(key) + " must be " + expected);
    }
}
