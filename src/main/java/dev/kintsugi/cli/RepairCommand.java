package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairJob;
import dev.kintsugi.repair.RepairRegistry;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.StudyCatalogue;
import dev.kintsugi.study.RepairStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Repair a model with one approach. The output folder holds the fixed model (model/, with its "
                + "diff and provenance) and the comparison against the original on the test split (comparison.html, "
                + "comparison.json).",
        footer = {"", "Examples:", "  kintsugi repair --list",
                "  kintsugi repair --model runs/lenet5 --data fashion-mnist --approach finetune --out runs/lenet5-ft",
                "  kintsugi repair --model runs/lenet5 --approach arachne --max-nfr 0.5 --out runs/lenet5-ar",
                "  kintsugi repair --model mine.onnx --data fashion-mnist --approach arachne --out runs/mine-ar"
                        + "   (writes runs/mine-ar/model.onnx)",
                "  kintsugi repair --model mine.pt --data fashion-mnist --approach finetune --out runs/mine-ft"
                        + "   (TorchScript: finetune, pct, fsgmix; writes runs/mine-ft/model.pt)"})
final class RepairCommand implements Callable<Integer> {
    @Option(names = "--list", description = "List the approaches with their level and paper, and the study's sixteen with their status, then exit.")
    boolean list;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|FILE.onnx|FILE.pt",
            description = "The model to repair (never modified): a Kintsugi model directory, an ONNX file, or a "
                    + "TorchScript file (approaches that only fine-tune: finetune, pct, fsgmix).")
    Path model;

    @Mixin
    ExternalModelOptions external;

    @Mixin
    ExportOptions export;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Option(names = {"-a", "--approach"}, paramLabel = "NAME", description = "Repair approach (see --list).")
    String approach;

    @Option(names = "--max-nfr", paramLabel = "PERCENT",
            description = "Regression budget: keep the best candidate whose negative flip rate on the valid split is "
                    + "at most this many percent, or return the original. Off by default (as in the study).")
    Double maxNfr;

    @Option(names = "--seed", defaultValue = "0", description = "Repair seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--budget", defaultValue = "PT10M",
            description = "Time budget, ISO-8601 (default: ${DEFAULT-VALUE}, ten minutes).")
    Duration budget;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Approach option, repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Mixin
    VerifyOptions verify;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (must not exist).")
    Path out;

    /**
     * Every registered approach (with its study abbreviation, if it is one of the study's sixteen), then
     * the study's approaches that are not built, marked so: no class stands behind those rows.
     */
    static TextTable listing() {
        TextTable t = new TextTable("study", "approach", "level", "paper", "status: what it does");
        for (RepairApproach a : RepairRegistry.all()) {
            String study = StudyCatalogue.forApproach(a.name()).map(StudyCatalogue.Entry::abbreviation).orElse("-");
            String limits = a.architectureLimits().isEmpty() ? "" : "; cannot run on " + a.architectureLimits();
            String torchScript = switch (a.needs()) {
                case PARAMETERS -> "; TorchScript: yes";
                case OUTPUT_LAYER -> "; TorchScript: with --head-layer";
                case LAYERS -> "; TorchScript: no (ONNX)";
            };
            t.row(study, a.name(), a.level().name().toLowerCase(Locale.ROOT), a.paper(),
                    "built: " + a.summary() + limits + torchScript);
        }
        for (StudyCatalogue.Entry e : StudyCatalogue.entries()) {
            if (e.status() != StudyCatalogue.Status.BUILT) {
                t.row(e.abbreviation(), "-", e.level().name().toLowerCase(Locale.ROOT), e.paper(), e.status().label());
            }
        }
        return t;
    }

    @Override
    public Integer call() {
        if (list) {
            System.out.print(listing().render());
            return 0;
        }
        if (model == null || approach == null || out == null) {
            throw new KintsugiException("repair needs --model, --approach and --out (or --list)");
        }
        dev.kintsugi.repair.RegressionGuard.requireValidBudget(maxNfr);
        if (budget.isNegative() || budget.isZero()) {
            throw new KintsugiException("--budget must be a positive duration, got " + budget);
        }
        // an unknown approach or --set key is found before any data is read or model loaded
        RepairRegistry.checkOptions(RepairRegistry.get(approach), options);
        export.check(model, RepairRegistry.get(approach));
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        inputs.add(model);
        dev.kintsugi.util.OutputPaths.checkDirectory(out, "--out", false, inputs);
        dev.kintsugi.data.Splits splits = data.load();
        try (SavedModel original = external.load(model, splits.train().classNames())) {
            ModelCompatibility.check(original, splits.train());
            export.check(model, original);
            RepairStudy.Outcome o = RepairStudy.run(original, splits, data.data,
                    new RepairJob.Settings(approach, seed, budget, maxNfr, options), verify.settings("pgd", false),
                    Invocation.commandLine(), out, System.err);
            RepairResult r = o.result();
            System.out.printf(Locale.ROOT, "%s changed %d of %d parameter values in %.1fs; %s%n", r.approach(),
                    r.diff().changedValues(), r.diff().totalValues(), r.seconds(), r.guardNote());
            System.out.print(ComparisonTable.render(o.comparison()));
            System.out.println("model:  " + o.modelDir());
            Path exported = export.export(model, original.checksum(), o.modelDir(), out, "model");
            if (exported != null) {
                System.out.println("export: " + exported);
            }
            System.out.println("report: " + o.files().html());
        }
        return 0;
    }
}
