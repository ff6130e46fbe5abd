package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A study's output folder, which is also its resume state (the layout of the stability study's folder):
 * {@code plan.json} (the settings it was started with), {@code originals/BENCHMARK/seed-N/} (one trained
 * original per benchmark and seed, a model directory written atomically), {@code cells/BENCHMARK/APPROACH-seedN.json}
 * (one per finished cell, written atomically) and {@code logs/} (each cell's output). A study killed mid-cell
 * leaves at most a temporary file behind, which is ignored; restarting with the same plan skips every cell whose
 * file is there and never runs a finished one again.
 */
public final class StudyFolder {
    public static final String PLAN = "plan.json";
    public static final String ORIGINALS = "originals";
    public static final String CELLS = "cells";
    public static final String LOGS = "logs";

    private final Path root;
    private final StudyPlan plan;

    private StudyFolder(Path root, StudyPlan plan) {
        this.root = root;
        this.plan = plan;
    }

    /** Creates {@code root} for {@code plan} (or adopts an empty folder), or resumes it when it holds the same plan. */
    public static StudyFolder open(Path root, StudyPlan plan) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new KintsugiException(root + " is a file; --out must be a folder");
        }
        Path planFile = root.resolve(PLAN);
        if (Files.isRegularFile(planFile)) {
            Optional<String> difference = plan.differenceFrom(readPlan(root));
            if (difference.isPresent()) {
                throw new KintsugiException(root + " holds a study started with other arguments (" + difference.get()
                        + "); rerun with the same arguments to resume it, or choose another --out");
            }
        } else {
            if (Files.isDirectory(root) && !isEmpty(root)) {
                throw new KintsugiException(root + " exists and is not a study folder; choose another --out");
            }
            Json.write(planFile, plan);
        }
        return new StudyFolder(root, plan);
    }

    /** An existing study folder, read as it is (for reports and {@code recommend}). */
    public static StudyFolder existing(Path root) {
        return new StudyFolder(root, readPlan(root));
    }

    public static StudyPlan readPlan(Path root) {
        Path planFile = root.resolve(PLAN);
        if (!Files.isRegularFile(planFile)) {
            throw new KintsugiException(root + " is not a study folder (it has no " + PLAN + ")");
        }
        try {
            return Json.read(planFile, StudyPlan.class);
        } catch (RuntimeException e) {
            throw new KintsugiException(planFile + " is unreadable; it is not a study folder", e);
        }
    }

    public Path root() {
        return root;
    }

    public StudyPlan plan() {
        return plan;
    }

    public Path originalDir(String benchmark, int seed) {
        return root.resolve(ORIGINALS).resolve(benchmark).resolve(String.format(Locale.ROOT, "seed-%d", seed));
    }

    public Path cellFile(Cell cell) {
        return root.resolve(CELLS).resolve(cell.benchmark()).resolve(cell.fileName());
    }

    public Path logFile(Cell cell) {
        return root.resolve(LOGS).resolve(cell.benchmark()).resolve(cell.fileName().replace(".json", ".log"));
    }

    /** The finished cell, if its file is there. */
    public Optional<CellResult> finished(Cell cell) {
        Path file = cellFile(cell);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        CellResult r;
        try {
            r = Json.read(file, CellResult.class);
        } catch (RuntimeException e) {
            throw new KintsugiException(file + " is unreadable; delete it to run that cell again", e);
        }
        if (!r.cell().equals(cell)) {
            throw new KintsugiException(file + " holds " + r.cell().label() + ", not " + cell.label()
                    + "; delete it to run that cell again");
        }
        return Optional.of(r);
    }

    /** Saves a finished cell atomically: a cell file is either absent or complete. */
    public void save(CellResult result) {
        Json.write(cellFile(result.cell()), result);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
