package dev.kintsugi.diagnose;

/** How much a finding matters: {@code INFO} is context, {@code WARNING} deserves a look, {@code PROBLEM} needs a fix. */
public enum Severity {
    INFO, WARNING, PROBLEM
}
