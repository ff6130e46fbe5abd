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
import java.util.Map;

/**
 * Failure inspection and collective debugging of a group (the paper's sections 5.2.2 and 5.3.2, type 2):
 * the IoU of the members' failures on the repair split, and, per family, debug_train generated from ONE
 * member's failure modes (the family's first member, the representative) used to mitigate every member of
 * the family. Each member is also debugged individually (its own failure modes); the relative accuracy is
 * collective / individual accuracy on the member's own debug-heldout (Figure 6). Works with any
 * {@link Mitigation}.
 */
public final class GroupStudy {
    public record Settings(int k, int imagesPerFailure, Mitigation mitigation, long seed) {
    }

    /** One member's outcome; accuracies on its own debug-heldout (0 before debugging by construction). */
    public record MemberResult(String name, String family, String representative, double testAccuracy, int failures,
                               double individual, double collective, double relative) {
    }

    /** The JSON form ({@code group.json}). */
    public record Result(List<String> members, List<String> families, double[][] iou, double meanIouSameFamily,
                         double meanIouOtherFamilies, List<MemberResult> collective, double meanRelative,
                         double meanRelativeNonRepresentatives, String mitigation, Map<String, Double> seconds) {
    }

    private GroupStudy() {
    }

    public static Result run(List<ModelGroup.Trained> group, Splits splits, FailureComponents components, Settings s,
                             PrintStream log) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t = System.nanoTime();
        List<FailureAnalysis> analyses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> families = new ArrayList<>();
        for (ModelGroup.Trained m : group) {
            log.println("failures of " + m.member().name());
            analyses.add(FailureAnalysis.run(m.network(), splits.repair(), components, s.k(), s.seed(), log));
            names.add(m.member().name());
            families.add(m.member().family());
        }
        double[][] iou = FailureOverlap.matrix(analyses.stream().map(a -> a.debugSet().failures()).toList());
        seconds.put("findAndDescribe", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        Map<String, Dataset> debugTrain = new LinkedHashMap<>();
        List<Dataset> own = new ArrayList<>();
        Map<String, String> representative = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            Dataset mine = DebugTrain.generate("debug-train/" + names.get(i), analyses.get(i).requests(
                    s.imagesPerFailure()), components.generator(), s.seed(), null);
            own.add(mine);
            if (!debugTrain.containsKey(families.get(i))) {
                debugTrain.put(families.get(i), mine);
                representative.put(families.get(i), names.get(i));
            }
        }
        seconds.put("generate", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        List<MemberResult> results = new ArrayList<>();
        try (ProgressBar bar = ProgressBars.create("mitigate group (" + s.mitigation().name() + ")", group.size(), log)) {
            for (int i = 0; i < group.size(); i++) {
                String family = families.get(i);
                results.add(member(group.get(i).network(), names.get(i), family, representative.get(family),
                        analyses.get(i), own.get(i), debugTrain.get(family), splits, s, log));
                bar.step();
            }
        }
        seconds.put("mitigate", (System.nanoTime() - t) / 1e9);
        return new Result(names, families, iou, FailureOverlap.meanOver(iou, families, true),
                FailureOverlap.meanOver(iou, families, false), results, mean(results, false), mean(results, true),
                s.mitigation().name(), seconds);
    }

    /** Mitigates one member with its own images and with its family's collective ones. */
    private static MemberResult member(Network original, String name, String family, String rep,
                                       FailureAnalysis analysis, Dataset ownImages, Dataset familyImages, Splits splits,
                                       Settings s, PrintStream log) {
        Dataset heldout = analysis.debugSet().heldoutSet();
        double individual;
        try (Network fixed = s.mitigation().mitigate(original, splits, ownImages, s.seed(), log)) {
            individual = FailureStudy.accuracy(fixed, heldout);
        }
        double collective;
        if (rep.equals(name)) {
            collective = individual; // the representative's collective data is its own
        } else {
            try (Network fixed = s.mitigation().mitigate(original, splits, familyImages, s.seed(), log)) {
                collective = FailureStudy.accuracy(fixed, heldout);
            }
        }
        return new MemberResult(name, family, rep,
                FailureStudy.accuracy(original, splits.test()), analysis.debugSet().failures().length,
                individual, collective, individual > 0 ? collective / individual : Double.NaN);
    }

    private static double mean(List<MemberResult> results, boolean skipRepresentatives) {
        return results.stream().filter(r -> !(skipRepresentatives && r.name().equals(r.representative())))
                .mapToDouble(MemberResult::relative).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
