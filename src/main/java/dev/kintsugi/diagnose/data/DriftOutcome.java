package dev.kintsugi.diagnose.data;

import java.util.List;

/**
 * What the drift check concluded for one pair of datasets.
 *
 * @param reference name of the reference dataset
 * @param current   name of the dataset compared with it
 * @param method    {@code ks+psi} (tabular), {@code mmd} or {@code domain-classifier} (images)
 * @param pValue    the p-value compared with alpha: the smallest Benjamini-Hochberg adjusted p-value over features
 *                  for tabular data, the test's p-value for images
 * @param alarm     {@code pValue < alpha}
 * @param features  tabular: one row per feature; empty for images
 * @param test      images: the two-sample test; null for tabular data
 */
public record DriftOutcome(String reference, String current, String method, double alpha, double pValue,
                           boolean alarm, List<FeatureDrift.Row> features, TwoSampleResult test) {
    public DriftOutcome {
        features = List.copyOf(features);
    }

    /** Features whose PSI reaches {@code threshold}. */
    public long featuresWithPsiAtLeast(double threshold) {
        return features.stream().filter(r -> r.psi() >= threshold).count();
    }

    /** Features whose adjusted p-value is below alpha. */
    public long featuresAlarmed() {
        return features.stream().filter(r -> r.q() < alpha).count();
    }
}
