package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;

import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Failure inspection and collective debugging of a group (the paper's sections 5.2.2 and 5.3.2): the IoU of the
 * members' failures on the repair split, and, per family, one collective debug_train used to mitigate every member
 * of the family, built both of the paper's ways:
 * <ul>
 *   <li><b>type 1 (pooled)</b>: from the failure modes of all the family's members together
 *       ({@link DescribedFailures#pooledModes});</li>
 *   <li><b>type 2 (representative)</b>: from ONE member's failure modes (the family's first member), so only one
 *       model per family has to be inspected.</li>
 * </ul>
 * Each member is also debugged individually (its own failure modes); the relative accuracy is collective /
 * individual accuracy on the member's own debug-heldout (Figure 6). Works with any {@link Mitigation}.
 */
public final class GroupStudy {
    public record Settings(int k, int imagesPerFailure, Mitigation mitigation, long seed) {
    }

    /**
     * One member's outcome; accuracies on its own debug-heldout (0 before debugging by construction):
     * {@code collective} and {@code relative} with its family's type-2 images (the representative's),
     * {@code pooled} and {@code relativePooled} with its family's type-1 images (every member's failures).
     */
    public record MemberResult(String name, String family, String representative, double testAccuracy, int failures,
                               double individual, double collective, double relative, double pooled,
                               double relativePooled) {
    }

    /** The JSON form ({@code group.json}). */
    public record Result(List<String> members, List<String> families, double[][] iou, double meanIouSameFamily,
                         double meanIouOtherFamilies, List<MemberResult> collective, double meanRelative,
                         double meanRelativeNonRepresentatives, double meanRelativePooled, String mitigation,
                         Map<String, Double> seconds) {
        /** "IoU 0.76 within a family, 0.73 across families", saying so where a mean has no pairs (one family). */
        public String iouInWords() {
            return String.format(Locale.ROOT, "mean failure IoU %s within a family, %s across families",
                    twoDecimals(meanIouSameFamily), twoDecimals(meanIouOtherFamilies));
        }

        private static String twoDecimals(double v) {
            return Double.isNaN(v) ? "n/a (no such pairs)" : String.format(Locale.ROOT, "%.2f", v);
        }
    }

    private GroupStudy() {
    }

    /** Hears each member's stage as the study goes (a live view such as the dashboard). */
    @FunctionalInterface
    public interface MemberWatcher {
        /**
         * @param state  finding failures, failures found, mitigating or done
         * @param result the member's result once done, else null
         */
        void member(String name, String family, String state, MemberResult result);
    }

    public static Result run(List<ModelGroup.Trained> group, Splits splits, FailureComponents components, Settings s,
                             PrintStream log) {
        return run(group, splits, components, s, log, (name, family, state, result) -> {
        });
    }

    public static Result run(List<ModelGroup.Trained> group, Splits splits, FailureComponents components, Settings s,
                             PrintStream log, MemberWatcher watcher) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t = System.nanoTime();
        List<FailureAnalysis> analyses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> families = new ArrayList<>();
        for (ModelGroup.Trained m : group) {
            log.println("failures of " + m.member().name());
            watcher.member(m.member().name(), m.member().family(), "finding failures", null);
            analyses.add(FailureAnalysis.run(m.network(), splits.repair(), components, s.k(), s.seed(), log));
            watcher.member(m.member().name(), m.member().family(), "failures found", null);
            names.add(m.member().name());
            families.add(m.member().family());
        }
        double[][] iou = FailureOverlap.matrix(analyses.stream().map(a -> a.debugSet().failures()).toList());
        seconds.put("findAndDescribe", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        Map<String, Dataset> debugTrain = new LinkedHashMap<>();
        List<Dataset> own = new ArrayList<>();
        Map<String, String> representative = new LinkedHashMap<>();
        Map<String, List<DescribedFailures>> familyFailures = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            familyFailures.computeIfAbsent(families.get(i), f -> new ArrayList<>()).add(analyses.get(i).described());
            Dataset mine = DebugTrain.generate("debug-train/" + names.get(i), analyses.get(i).requests(
                    s.imagesPerFailure()), components.generator(), s.seed(), null);
            own.add(mine);
            if (!debugTrain.containsKey(families.get(i))) {
                debugTrain.put(families.get(i), mine);
                representative.put(families.get(i), names.get(i));
            }
        }
        Map<String, Dataset> pooledTrain = new LinkedHashMap<>();
        for (Map.Entry<String, List<DescribedFailures>> family : familyFailures.entrySet()) {
            if (family.getValue().size() == 1) {
                // one member's pooled modes are its own modes: the same requests, seed and images
                pooledTrain.put(family.getKey(), debugTrain.get(family.getKey()));
                continue;
            }
            List<FailureMode> modes = DescribedFailures.pooledModes(family.getValue(), s.k());
            pooledTrain.put(family.getKey(), DebugTrain.generate("debug-train/" + family.getKey() + " (pooled)",
                    DebugTrain.forModes(modes, s.imagesPerFailure()), components.generator(), s.seed(), null));
        }
        seconds.put("generate", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        List<MemberResult> results = new ArrayList<>();
        try (ProgressBar bar = ProgressBars.create("mitigate group (" + s.mitigation().name() + ")", group.size(), log)) {
            for (int i = 0; i < group.size(); i++) {
                String family = families.get(i);
                watcher.member(names.get(i), family, "mitigating", null);
                results.add(member(group.get(i).network(), names.get(i), family, representative.get(family),
                        analyses.get(i), own.get(i), debugTrain.get(family), pooledTrain.get(family), splits, s, log));
                watcher.member(names.get(i), family, "done", results.get(results.size() - 1));
                bar.step();
            }
        }
        seconds.put("mitigate", (System.nanoTime() - t) / 1e9);
        return new Result(names, families, iou, FailureOverlap.meanOver(iou, families, true),
                FailureOverlap.meanOver(iou, families, false), results, mean(results, false, MemberResult::relative),
                mean(results, true, MemberResult::relative), mean(results, false, MemberResult::relativePooled),
                s.mitigation().name(), seconds);
    }

    /** Mitigates one member with its own images and with each of its family's collective ones. */
    private static MemberResult member(Network original, String name, String family, String rep,
                                       FailureAnalysis analysis, Dataset ownImages, Dataset familyImages,
                                       Dataset pooledImages, Splits splits, Settings s, PrintStream log) {
        Dataset heldout = analysis.debugSet().heldoutSet();
        double individual = heldoutAfter(original, ownImages, heldout, splits, s, log);
        // the representative's type-2 data is its own
        double collective = rep.equals(name) ? individual : heldoutAfter(original, familyImages, heldout, splits, s, log);
        double pooled = pooledImages == ownImages ? individual : heldoutAfter(original, pooledImages, heldout, splits, s,
                log);
        return new MemberResult(name, family, rep,
                FailureStudy.accuracy(original, splits.test()), analysis.debugSet().failures().length,
                individual, collective, ratio(collective, individual), pooled, ratio(pooled, individual));
    }

    private static double heldoutAfter(Network original, Dataset images, Dataset heldout, Splits splits, Settings s,
                                       PrintStream log) {
        try (Network fixed = s.mitigation().mitigate(original, splits, images, s.seed(), log)) {
            return FailureStudy.accuracy(fixed, heldout);
        }
    }

    private static double ratio(double collective, double individual) {
        return individual > 0 ? collective / individual : Double.NaN;
    }

    private static double mean(List<MemberResult> results, boolean skipRepresentatives,
                               java.util.function.ToDoubleFunction<MemberResult> relative) {
        return results.stream().filter(r -> !(skipRepresentatives && r.name().equals(r.representative())))
                .mapToDouble(relative).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
