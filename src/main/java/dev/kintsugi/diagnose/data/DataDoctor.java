package dev.kintsugi.diagnose.data;

import dev.kintsugi.diagnose.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs a suite of data checks on one context and collects their results; {@link DataCheckReport} writes them. */
public final class DataDoctor {
    private DataDoctor() {
    }

    /** Every check's result, in the order run, and the suite's wall time. */
    public record Outcome(List<CheckResult> results, double seconds) {
        public Outcome {
            results = List.copyOf(results);
        }

        public List<Finding> findings() {
            return results.stream().flatMap(r -> r.findings().stream()).toList();
        }

        /** The result of the named check, if it ran. */
        public java.util.Optional<CheckResult> result(String check) {
            return results.stream().filter(r -> r.check().equals(check)).findFirst();
        }
    }

    public static Outcome run(List<DataCheck> checks, DataCheckContext context) {
        long start = System.nanoTime();
        List<CheckResult> results = new ArrayList<>();
        for (DataCheck check : checks) {
            context.log().println("check " + check.name() + ": " + check.description());
            CheckResult result = check.run(context);
            result.findings().forEach(f -> context.log().println("  " + f.oneLine()));
            context.log().printf(Locale.ROOT, "  (%.1fs)%n", result.seconds());
            results.add(result);
        }
        return new Outcome(results, (System.nanoTime() - start) / 1e9);
    }
}
