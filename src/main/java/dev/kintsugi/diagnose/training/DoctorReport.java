package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.Finding;

import java.util.List;

/**
 * The doctor's verdict on a run, as written to {@code doctor.json}: findings with the epoch each was first seen,
 * the repair attempts (fix mode), the doctor's own cost, and the thresholds it used.
 *
 * @param mode      {@code warn} or {@code fix}
 * @param findings  what the doctor saw on the run that produced the saved model
 * @param original  in fix mode, what it saw on the original run (before any fix); else the same as findings
 * @param overhead  doctor time / (training time − doctor time), over every run
 * @param gradientNormsByEpoch layer → mean weight-gradient norm per epoch (the report's heatmap), final run
 */
public record DoctorReport(String mode, List<Entry> findings, List<Entry> original, List<FixAttempt> attempts,
                           List<String> appliedFixes, double doctorSeconds, double trainingSeconds, double overhead,
                           int sampledBatches, DoctorThresholds thresholds,
                           java.util.Map<String, double[]> gradientNormsByEpoch) {

    /** One finding and where it was first seen. */
    public record Entry(int epoch, int step, String check, String severity, String problem, String evidence, String fix,
                        java.util.Map<String, Object> details) {
        static Entry of(DiagnosedFinding d) {
            Finding f = d.finding();
            return new Entry(d.epoch(), d.step(), f.check(), f.severity().name(), f.problem(), f.evidence(), f.fix(),
                    f.details());
        }
    }

    public static List<Entry> entries(List<DiagnosedFinding> findings) {
        return findings.stream().map(Entry::of).toList();
    }
}
