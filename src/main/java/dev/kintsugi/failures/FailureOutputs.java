package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.report.HtmlReport;
import dev.kintsugi.study.ComparisonReport;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link FailureStudy} under an output folder: {@code failures.json}, {@code failures.html}, and the
 * two mitigated models {@code model-ours/} and {@code model-random/}, each with a provenance record naming
 * the original model and the data. The original model's folder is never written to.
 */
public final class FailureOutputs {
    public static final String JSON = "failures.json";
    public static final String HTML = "failures.html";
    public static final String OURS = "model-ours";
    public static final String RANDOM = "model-random";

    private FailureOutputs() {
    }

    /** Refuses an existing output folder before any work starts. */
    public static void checkFresh(Path out) {
        if (Files.exists(out)) {
            throw new KintsugiException(out + " already exists; choose another --out (nothing is ever overwritten)");
        }
    }

    /**
     * @param originalName  where the original model came from (a folder, or "trained by the demo")
     * @param originalSum   its checksum (or null if it was never saved)
     */
    public static Path write(FailureStudy.Outcome o, Splits splits, String dataName, String originalName,
                             String originalSum, String command, long startNanos, Path out) {
        FailureStudyResult r = o.result();
        Provenance p = provenance("failures", command, r, splits, dataName, originalName, originalSum)
                .cost(startNanos);
        saveModel(o.ours(), provenance("model", command, r, splits, dataName, originalName, originalSum)
                .parameter("debugTrain", "failure modes").input("debug-train", o.debugTrain().name(),
                        o.debugTrain().checksum()), out.resolve(OURS));
        saveModel(o.random(), provenance("model", command, r, splits, dataName, originalName, originalSum)
                .parameter("debugTrain", "contexts uniform over all training contexts (fair random baseline)").input("random-train", o.randomTrain().name(),
                        o.randomTrain().checksum()), out.resolve(RANDOM));
        HtmlReport report = HtmlReport.titled("Kintsugi failure modes: " + originalName)
                .subtitle(dataName + ": " + r.debugSet().failures() + " failures on the repair split, "
                        + r.failureModes().size() + " failure modes")
                .provenance(ComparisonReport.headline(p));
        FailureReport.addAll(report, o);
        report.write(out.resolve(HTML));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "kintsugi.failures/1");
        json.put("study", r);
        json.put("provenance", p);
        Json.write(out.resolve(JSON), json);
        return out.resolve(HTML);
    }

    /** {@code OUT/debug-set.json}: the debug set's sizes and indices into the repair split. */
    public static Path writeDebugSet(DebugSet d, Provenance provenance, Path out) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "kintsugi.debug-set/1");
        json.put("summary", FailureStudyResult.DebugSetSummary.of(d));
        json.put("debugSeed", d.seedIdx());
        json.put("debugHeldout", d.heldoutIdx());
        json.put("provenance", provenance);
        return writeOne(out, "debug-set.json", json);
    }

    /** {@code OUT/failure-modes.json}: the failure modes in words and the describer's accuracy. */
    public static Path writeModes(FailureAnalysis a, String attribute, Provenance provenance, Path out) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "kintsugi.failure-modes/1");
        json.put("debugSet", FailureStudyResult.DebugSetSummary.of(a.debugSet()));
        json.put("describer", a.described().describer());
        json.put("describerAccuracy", a.described().accuracyAgainst(attribute));
        json.put("k", a.k());
        json.put("failureModes", a.modes());
        json.put("failureModesInWords", a.modes().stream().map(FailureMode::inWords).toList());
        json.put("vocabularies", a.described().vocabularies());
        json.put("provenance", provenance);
        return writeOne(out, "failure-modes.json", json);
    }

    private static Path writeOne(Path out, String name, Object json) {
        dev.kintsugi.util.AtomicFiles.writeDirectory(out, false,
                tmp -> java.nio.file.Files.writeString(tmp.resolve(name), dev.kintsugi.util.Json.toString(json) + "\n"));
        return out.resolve(name);
    }

    static Provenance provenance(String kind, String command, FailureStudyResult r, Splits splits, String dataName,
                                 String originalName, String originalSum) {
        return Provenance.of(kind, command).seed(r.seed())
                .input("original", originalName, originalSum)
                .input("train", splits.train().name(), splits.train().checksum())
                .input("repair", splits.repair().name(), splits.repair().checksum())
                .parameter("dataset", dataName)
                .parameter("describer", r.describer())
                .parameter("proposer", r.proposer())
                .parameter("generator", r.generator())
                .parameter("mitigation", r.mitigation())
                .parameter("mitigationSettings", r.mitigationSettings())
                .parameter("k", r.k())
                .parameter("imagesPerFailure", r.imagesPerFailure());
    }

    private static void saveModel(Network network, Provenance provenance, Path dir) {
        ModelStore.save(network, provenance, dir, false);
    }
}
