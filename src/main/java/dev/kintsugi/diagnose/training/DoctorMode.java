package dev.kintsugi.diagnose.training;

import dev.kintsugi.KintsugiException;

import java.util.Locale;

/** What the doctor does during {@code kintsugi train}: nothing, report problems, or report and fix them. */
public enum DoctorMode {
    OFF, WARN, FIX;

    public static DoctorMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KintsugiException("--doctor must be off, warn or fix, got " + text);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
