package dev.kintsugi.repair;

import dev.kintsugi.model.Network;

import java.util.Map;

/**
 * A finished repair: the fixed network (a new one; the original is untouched), what changed, what the
 * approach reports about its own run (e.g. localised weights, search generations), and its cost.
 *
 * @param guardNote   what the regression guard decided
 * @param seconds     wall time of the repair itself, excluding loading and evaluation
 * @param peakRssBytes the process's peak resident memory at the end of the repair
 */
public record RepairResult(String approach, Network fixed, RepairDiff diff, Map<String, Object> details,
                           String guardNote, boolean keptOriginal, double seconds, long peakRssBytes) {
}
