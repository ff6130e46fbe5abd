package dev.kintsugi.cli;

import dev.kintsugi.dashboard.Dashboard;
import dev.kintsugi.study.grid.Cell;
import dev.kintsugi.study.grid.CellResult;
import dev.kintsugi.study.grid.StudyWatcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A study's grid on the live dashboard: one row per cell, its state, and its figures once it has them. */
final class StudyDashboardWatcher implements StudyWatcher {
    /** The ETA counts only this run's cells: resumed ones took their time in another run. */
    static final String TASK = "cells to run";
    private final Dashboard live;
    private volatile int resumed;

    StudyDashboardWatcher(Dashboard live) {
        this.live = live;
    }

    @Override
    public void planned(List<Cell> cells, List<CellResult> finished) {
        Map<Cell, CellResult> done = new LinkedHashMap<>();
        finished.forEach(r -> done.put(r.cell(), r));
        for (Cell c : cells) {
            CellResult r = done.get(c);
            if (r == null) {
                live.cell(id(c), c.label(), Dashboard.QUEUED, Map.of());
            } else {
                show(r);
            }
        }
        resumed = done.size();
        live.progress(TASK, 0, cells.size() - resumed);
    }

    @Override
    public void started(Cell cell) {
        live.cell(id(cell), cell.label(), Dashboard.RUNNING, Map.of());
    }

    @Override
    public void finished(CellResult result, int done, int total) {
        show(result);
        live.progress(TASK, done - resumed, total - resumed);
    }

    private void show(CellResult r) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("status", r.status());
        put(values, "ACC", r.acc());
        put(values, "ΔACC", r.dAcc());
        put(values, "RR %", r.rr());
        put(values, "NFR %", r.nfr());
        put(values, "ASR", r.asr());
        put(values, "AAOD", r.aaod());
        put(values, "seconds", r.cellSeconds());
        if (!r.ok() && r.note() != null) {
            values.put("note", r.note());
        }
        live.cell(id(r.cell()), r.cell().label(), r.ok() ? Dashboard.DONE : Dashboard.FAILED, values);
    }

    /** A page-safe id, unique across benchmarks. */
    static String id(Cell c) {
        return (c.benchmark() + "-" + c.approach() + "-seed" + c.seed()).replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static void put(Map<String, Object> values, String key, Double value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
