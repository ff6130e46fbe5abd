package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.Finding;

/** A finding with the epoch and step at which the doctor first saw it. */
public record DiagnosedFinding(Finding finding, int epoch, int step) {
}
