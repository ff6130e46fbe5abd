package dev.kintsugi.study;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.ComparisonSettings;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.repair.RepairJob;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.report.RepairSections;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A repair and its verification: repairs the model, saves it under {@code OUT/model}, and writes the
 * comparison against the original on the test split ({@code OUT/comparison.html} and {@code .json}),
 * with the repair's diff (and HUDD's failure clusters) as extra report sections.
 */
public final class RepairStudy {
    public static final String MODEL_DIR = "model";

    /** What a repair produced: the result, the fixed model's folder, the comparison and its files. */
    public record Outcome(RepairResult result, Path modelDir, ModelComparison comparison, ComparisonReport.Files files) {
    }

    private RepairStudy() {
    }

    public static Outcome run(SavedModel original, Splits splits, String dataName, RepairJob.Settings settings,
                              ComparisonSettings verify, String command, Path out, PrintStream log) {
        if (Files.exists(out)) {
            throw new KintsugiException(out + " already exists; choose another --out (originals are never overwritten)");
        }
        long start = System.nanoTime();
        Path modelDir = out.resolve(MODEL_DIR);
        RepairResult result = RepairJob.run(original, splits, dataName, settings, command, modelDir, log);
        try (SavedModel fixed = ModelStore.load(modelDir)) {
            result.fixed().close();
            OpenedClassifier o = new OpenedClassifier(original.network(), "original", original.directory(),
                    original.checksum(), original.provenance());
            OpenedClassifier f = new OpenedClassifier(fixed.network(), result.approach(), modelDir, fixed.checksum(),
                    fixed.provenance());
            ModelComparison comparison = ModelComparison.run(o, java.util.List.of(f), splits.test(), verify, log);
            ComparisonReport.Files files = ComparisonReport.write(comparison, splits.test(), out, command, start, report -> {
                RepairSections.diff(report.section("What " + result.approach() + " changed"), result.approach(),
                        result.diff());
                if (result.details().containsKey("clusterExamples")) {
                    RepairSections.failureClusters(report.section("Failure clusters"), result.details(),
                            dev.kintsugi.repair.RepairContext.failing(original.network(), splits.repair()));
                }
            });
            return new Outcome(result, modelDir, comparison, files);
        }
    }
}
