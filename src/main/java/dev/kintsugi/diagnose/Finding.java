package dev.kintsugi.diagnose;

import java.util.Map;
import java.util.Objects;

/**
 * One thing a check found, in the shape every doctor (training, data, stability) reports: the problem in a
 * few words, the evidence that supports it (where and how much), and what the user can do about it.
 *
 * @param check    the check that found it, e.g. {@code "vanishing-gradient"} or {@code "label-noise"}
 * @param problem  a short human-readable statement, e.g. "gradients vanish before layer 1"
 * @param severity how much it matters
 * @param evidence the observation behind it, in words with numbers, e.g. "‖∇W1‖/‖∇W8‖ = 2.1e-5 at epoch 3"
 * @param fix      an actionable fix in words, e.g. "swap sigmoid for ReLU or add batch norm"
 * @param details  machine-readable evidence for the JSON output (layer, epoch, values); may be empty
 */
public record Finding(String check, String problem, Severity severity, String evidence, String fix,
                      Map<String, Object> details) {
    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(severity, "severity");
        evidence = evidence == null ? "" : evidence;
        fix = fix == null ? "" : fix;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** One line for a terminal: "PROBLEM vanishing-gradient: gradients vanish ... (evidence) -> fix". */
    public String oneLine() {
        StringBuilder line = new StringBuilder().append(severity).append(' ').append(check).append(": ").append(problem);
        if (!evidence.isEmpty()) {
            line.append(" (").append(evidence).append(')');
        }
        if (!fix.isEmpty()) {
            line.append(" -> ").append(fix);
        }
        return line.toString();
    }
}
