package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The whole of {@code kintsugi data check}: run the chosen checks, apply an optional fix, write the report folder. */
public final class DataCheckJob {
    private DataCheckJob() {
    }

    /**
     * What to check and where to write.
     *
     * @param dataName     the user's dataset argument, for provenance
     * @param against      a second dataset for drift, or null
     * @param model        a reference model, or null; {@code modelSource} and {@code modelChecksum} name it
     * @param checks       check names, or empty for all
     * @param fix          a {@link DataFixes} name, or null
     */
    public record Request(Splits splits, String dataName, Dataset against, Network model, String modelSource,
                          String modelChecksum, List<String> checks, DataChecks.Settings settings, String fix,
                          long seed, Path out, boolean force) {
    }

    public record Outcome(DataDoctor.Outcome doctor, DataFix.Correction correction, Path out) {
    }

    /**
     * The checks to run ({@code checks}, or all when empty), validated together with {@code fix} (may be null):
     * an unknown check or fix, or a fix whose check is not run, is an error. Cheap, so callers can fail
     * before loading data.
     */
    public static List<String> checkNames(List<String> checks, String fix) {
        List<String> names = checks.isEmpty() ? DataChecks.names() : checks;
        DataChecks.requireKnown(names);
        if (fix != null) {
            DataFix f = DataFixes.named(fix);
            if (!names.contains(f.check())) {
                throw new KintsugiException("--fix " + f.name() + " needs the " + f.check() + " check; add it to --checks");
            }
        }
        return names;
    }

    public static Outcome run(Request request, String command, PrintStream log) {
        long start = System.nanoTime();
        if (!request.force() && Files.exists(request.out())) {
            throw new KintsugiException(request.out() + " already exists; choose another --out or pass --force");
        }
        List<String> names = checkNames(request.checks(), request.fix());
        List<DataCheck> checks = DataChecks.create(names, request.settings());
        DataFix fix = request.fix() == null ? null : DataFixes.named(request.fix());
        Splits splits = request.splits();
        log.println("data check: " + splits.describe());
        DataCheckContext context = new DataCheckContext(splits, request.against(), request.model(), request.seed(), log);
        DataDoctor.Outcome outcome = DataDoctor.run(checks, context);
        DataFix.Correction correction = null;
        if (fix != null) {
            correction = fix.apply(splits, outcome.result(fix.check()).orElseThrow());
            log.println("fix " + fix.name() + ": " + correction.summary());
        }
        Provenance provenance = Provenance.of("data-check", command).seed(request.seed())
                .input("train", splits.train().name(), splits.train().checksum())
                .input("valid", splits.valid().name(), splits.valid().checksum())
                .input("repair", splits.repair().name(), splits.repair().checksum())
                .input("test", splits.test().name(), splits.test().checksum())
                .parameter("dataset", request.dataName())
                .parameter("checks", names)
                .parameter("settings", request.settings());
        if (request.against() != null) {
            provenance.input("against", request.against().name(), request.against().checksum());
        }
        if (request.model() != null) {
            provenance.input("model", request.modelSource(), request.modelChecksum());
        }
        if (fix != null) {
            provenance.parameter("fix", fix.name());
        }
        DataCheckReport.write(outcome, splits, provenance, correction, request.out(), request.force(), start);
        log.println("report: " + request.out().resolve(DataCheckReport.HTML));
        return new Outcome(outcome, correction, request.out());
    }
}
