import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Pgd;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The study's PGD (eps 0.15, 40 steps, random start) on 500 Fashion-MNIST test inputs (every 7th) against a
 * saved model, on one thread, five times: the wall time of each and a hash of the adversarial inputs. Run it
 * with two jars to compare an attack's cost before and after a change that must not alter its result:
 * {@code java -Dai.djl.offline=true -cp JAR bench/PgdTiming.java MODEL_DIR}
 */
public class PgdTiming {
    public static void main(String[] args) {
        Engines.configureThreads(1);
        Splits splits = BuiltinDatasets.load("fashion-mnist", 0);
        int[] picked = new int[500];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = i * 7;
        }
        Dataset inputs = splits.test().subset("attacked", picked);
        try (SavedModel saved = ModelStore.load(Path.of(args[0]))) {
            for (int rep = 0; rep < 5; rep++) {
                long t = System.nanoTime();
                float[] adversarial = Pgd.linf(0.15).perturb(saved.network(), inputs.featuresView(), inputs.labels());
                System.out.printf("PGD on 500 inputs: %.2f s, adversarial hash %08x%n", (System.nanoTime() - t) / 1e9,
                        Arrays.hashCode(adversarial));
            }
        }
    }
}
