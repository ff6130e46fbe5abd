package dev.kintsugi.diagnose.data;

/**
 * One check of the data doctor's suite (deepchecks' check -> suite -> result shape): label noise, class
 * imbalance, duplicates and leakage, drift, too little data. A check reads the context and never modifies
 * the data; fixes are separate and write corrected copies.
 */
public interface DataCheck {
    /** Registry name for the CLI and JSON, e.g. {@code "label-noise"}. */
    String name();

    /** One sentence on what the check looks for. */
    String description();

    CheckResult run(DataCheckContext context);
}
