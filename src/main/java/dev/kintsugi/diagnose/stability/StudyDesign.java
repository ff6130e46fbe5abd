package dev.kintsugi.diagnose.stability;

import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.JsonDifference;

import java.util.Map;
import java.util.Optional;

/**
 * Everything that decides what a run of a study computes, except how many runs there are: recorded in the
 * output folder when a study starts and compared on restart, so that a resumed study never mixes runs
 * made under different settings. The number of runs is left out on purpose: raising {@code --seeds}
 * extends a finished study with new runs.
 *
 * @param architecture zoo architecture
 * @param options      resolved architecture options
 * @param normalize    whether image inputs are normalised inside the network
 * @param dataset      the data as given (built-in name or path)
 * @param splitSeed    seed of the four-way split
 * @param trainSha256  checksum of the training split
 * @param validSha256  checksum of the validation split
 * @param testSha256   checksum of the test split
 * @param training     optimiser, schedule, epochs ...; its seed is the base seed
 * @param vary         the varied source of randomness
 * @param threads      PyTorch threads (results can differ between thread counts)
 */
public record StudyDesign(String architecture, Map<String, String> options, boolean normalize, String dataset,
                          long splitSeed, String trainSha256, String validSha256, String testSha256,
                          TrainingConfig training, Vary vary, int threads) {

    public long baseSeed() {
        return training.seed();
    }

    public RunSeeds seeds(int run) {
        return RunSeeds.of(vary, baseSeed(), run);
    }

    /** The first setting that differs from {@code recorded}, as "name: recorded X, now Y". */
    public Optional<String> differenceFrom(StudyDesign recorded) {
        return JsonDifference.between(recorded, this);
    }
}
