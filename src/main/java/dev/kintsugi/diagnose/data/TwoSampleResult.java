package dev.kintsugi.diagnose.data;

import java.util.Map;

/**
 * The outcome of a two-sample test: is the new sample drawn from the reference's distribution?
 *
 * @param method    {@code mmd} or {@code domain-classifier}
 * @param statistic MMD² (unbiased) or the classifier's held-out AUC
 * @param pValue    chance of a statistic at least this large if both samples came from one distribution
 * @param details   method-specific numbers (bandwidth, permutations, sample sizes)
 */
public record TwoSampleResult(String method, double statistic, double pValue, Map<String, Object> details) {
    public TwoSampleResult {
        details = Map.copyOf(details);
    }
}
