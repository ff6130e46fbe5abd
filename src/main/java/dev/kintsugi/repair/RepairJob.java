package dev.kintsugi.repair;

import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code kintsugi repair} as a Java call: repair a saved model with one approach and save the fixed model
 * (a normal model directory) with its diff and a provenance record naming the original. The comparison
 * against the original is {@link dev.kintsugi.study.RepairStudy}'s job.
 */
public final class RepairJob {
    public static final String DIFF_FILE = "diff.json";
    public static final String DETAILS_FILE = "repair.json";

    private RepairJob() {
    }

    /** Settings of one repair. {@code maxNfr} null means no regression budget. */
    public record Settings(String approach, long seed, Duration budget, Double maxNfr, Map<String, String> options) {
    }

    public static RepairResult run(SavedModel original, Splits splits, String dataName, Settings settings,
                                   String command, Path fixedModelDir, PrintStream log) {
        RepairApproach approach = RepairRegistry.get(settings.approach());
        RepairRegistry.checkOptions(approach, settings.options());
        approach.checkRunsOn(original.network());
        RepairContext context = RepairContext.prepare(original.network(), splits, settings.seed(), settings.budget(),
                settings.maxNfr(), settings.options(), log)
                .withHistory(dev.kintsugi.model.EpochHistory.read(original.directory()).orElse(null));
        log.printf("repairing %s with %s: %d failing and %d passing inputs on %s%n", original.directory(),
                approach.name(), context.negatives().size(), context.positives().size(), splits.repair().name());
        RepairResult result = approach.repair(original.network(), context);
        if (!context.unreadOptions().isEmpty()) {
            // approaches read their options as they go, so an unknown key is known only now; say it loudly
            log.println("WARNING: " + approach.name() + " never read --set " + String.join(", ",
                    context.unreadOptions()) + " (a typo, or an option of another approach?); it ran with its "
                    + "defaults for those");
        }
        Provenance provenance = Provenance.of("repaired-model", command)
                .seed(settings.seed())
                .input("original-model", original.directory().toString(), original.checksum())
                .input("train", splits.train().name(), splits.train().checksum())
                .input("valid", splits.valid().name(), splits.valid().checksum())
                .input("repair", splits.repair().name(), splits.repair().checksum())
                .parameter("dataset", dataName)
                .parameter("approach", approach.name())
                .parameter("level", approach.level().name().toLowerCase(java.util.Locale.ROOT))
                .parameter("paper", approach.paper())
                .parameter("options", context.options())
                .parameter("maxNfr", settings.maxNfr())
                .parameter("guard", result.guardNote());
        provenance.wallTimeSeconds = result.seconds();
        provenance.peakRssBytes = result.peakRssBytes();
        ModelStore.save(result.fixed(), provenance, fixedModelDir, false,
                Map.of(DIFF_FILE, result.diff(), DETAILS_FILE, result.details()));
        return result;
    }
}
