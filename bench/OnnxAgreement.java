import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.model.onnx.OnnxImport;
import dev.kintsugi.model.onnx.OnnxRuntimeRunner;

import java.nio.file.Path;

/**
 * ONNX Runtime against Kintsugi on the whole Fashion-MNIST test split (split seed 0): how many predictions agree,
 * both accuracies, and the largest output difference. MODEL is a Kintsugi model directory (a fix written by
 * {@code repair --out DIR}: DIR/model) or an .onnx file to import; ONNX is the file ONNX Runtime runs.
 *
 * <pre>java -Dai.djl.offline=true -cp target/kintsugi.jar bench/OnnxAgreement.java MODEL ONNX</pre>
 */
public class OnnxAgreement {
    public static void main(String[] args) {
        Dataset test = BuiltinDatasets.load("fashion-mnist", 0).test();
        Path model = Path.of(args[0]);
        SavedModel saved = model.toString().endsWith(".onnx") ? null : ModelStore.load(model);
        try (Network net = saved != null ? saved.network() : OnnxImport.load(model, OnnxImport.Hints.NONE);
             OnnxRuntimeRunner ort = new OnnxRuntimeRunner(Path.of(args[1]))) {
            float[] x = test.featuresView();
            int n = test.size();
            float[] ours = OnnxImport.outputs(net, x, n);
            float[] theirs = ort.run(OnnxImport.onnxInput(net, x, n), OnnxImport.onnxShape(net, n));
            int k = ours.length / n;
            int agree = 0;
            int correctOurs = 0;
            int correctTheirs = 0;
            double max = 0;
            for (int i = 0; i < n; i++) {
                int a = argMax(ours, i * k, k);
                int b = argMax(theirs, i * k, k);
                agree += a == b ? 1 : 0;
                correctOurs += a == test.label(i) ? 1 : 0;
                correctTheirs += b == test.label(i) ? 1 : 0;
            }
            for (int i = 0; i < ours.length; i++) {
                max = Math.max(max, Math.abs(ours[i] - theirs[i]));
            }
            System.out.printf("inputs %d, predictions agreeing %d, accuracy Kintsugi %.2f%% ONNX Runtime %.2f%%, "
                    + "max |output difference| %.3g%n", n, agree, 100.0 * correctOurs / n, 100.0 * correctTheirs / n, max);
        } finally {
            if (saved != null) {
                saved.close();
            }
        }
    }

    private static int argMax(float[] v, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
