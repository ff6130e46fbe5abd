package dev.kintsugi.cli;

import dev.kintsugi.evaluate.ComparisonSettings;
import picocli.CommandLine.Option;

/** What to measure besides correctness: attack, fairness and corruptions. */
final class VerifyOptions {
    @Option(names = "--attack", paramLabel = "pgd|fgsm|none",
            description = "Robustness attack: L-inf PGD with Foolbox 3's defaults, FGSM, or none.")
    String attack;

    @Option(names = "--eps", defaultValue = "0.15",
            description = "Attack budget epsilon in raw input units (default: ${DEFAULT-VALUE}, the study's MNIST value).")
    double epsilon;

    @Option(names = "--attack-inputs", defaultValue = "500",
            description = "Attack at most this many inputs that every model classifies correctly (default: ${DEFAULT-VALUE}).")
    int attackInputs;

    @Option(names = "--study-loss", description = "PGD on the cross-entropy of softmax probabilities, as the study's "
            + "Keras models had it (default: the logits).")
    boolean studyLoss;

    @Option(names = "--sensitive", paramLabel = "ATTRIBUTE",
            description = "Measure fairness (AAOD; SPD, DI, EOD for binary tasks) for this attribute, e.g. sex or age-group.")
    String sensitive;

    @Option(names = "--privileged", paramLabel = "VALUE",
            description = "The privileged group's value (default: the larger group), e.g. --privileged old.")
    String privileged;

    @Option(names = "--favourable", paramLabel = "CLASS",
            description = "Index of the favourable label for binary fairness metrics (e.g. 0 = good on German Credit).")
    Integer favourable;

    @Option(names = "--corruptions", negatable = true,
            description = "Measure accuracy under common image corruptions (compare: on; evaluate: off).")
    Boolean corruptions;

    @Option(names = "--eval-seed", defaultValue = "0",
            description = "Seed of the attacked-input draw, PGD's random start and corruption noise (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The settings, with this command's defaults for the attack and for corruptions. */
    ComparisonSettings settings(String defaultAttack, boolean defaultCorruptions) {
        return new ComparisonSettings(attack == null ? defaultAttack : attack, epsilon, attackInputs, seed, studyLoss,
                sensitive, privileged, favourable, corruptions == null ? defaultCorruptions : corruptions);
    }
}
