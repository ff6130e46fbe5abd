package dev.kintsugi.study.grid;

import java.util.Locale;
import java.util.function.Function;

/** The study's axes, as read from a cell, with the direction that is better. */
public enum Metric {
    ACC("ACC", "%", true, CellResult::acc),
    DACC("⇑ACC", "%", true, CellResult::dAcc),
    RR("RR", "%", true, CellResult::rr),
    NFR("NFR", "%", false, CellResult::nfr),
    ASR("ASR", "%", false, CellResult::asr),
    DASR("⇑ASR", "%", true, CellResult::dAsr),
    AAOD("AAOD", "", false, CellResult::aaod),
    DAAOD("⇑AAOD", "%", true, CellResult::dAaod),
    TIME("time", "s", false, CellResult::repairSeconds),
    MEMORY("peak RSS", "MiB", false, r -> r.peakRssBytes() == null ? null : r.peakRssBytes() / (1024.0 * 1024.0));

    private final String label;
    private final String unit;
    private final boolean higherIsBetter;
    private final Function<CellResult, Double> read;

    Metric(String label, String unit, boolean higherIsBetter, Function<CellResult, Double> read) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.read = read;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The cell's value, or null when it has none (unfinished, not measured, undefined). */
    public Double of(CellResult r) {
        if (!r.ok()) {
            return null;
        }
        Double v = read.apply(r);
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /** Parses a user's name for a metric: acc, rr, nfr, asr, aaod, time (case-insensitive). */
    public static Metric parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.name().equals(n)) {
                return m;
            }
        }
        throw new dev.kintsugi.KintsugiException("unknown metric '" + name + "'; use acc, rr, nfr, asr, aaod or time");
    }

    /** Whether measurements of this metric depend on machine load rather than on the seeds (time, memory). */
    public boolean isCost() {
        return this == TIME || this == MEMORY;
    }
}
