package dev.kintsugi.model.onnx;

import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.ReassurePatch;
import dev.kintsugi.repair.bounds.DenseTail;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REASSURE patch on an imported network, written back as ONNX nodes: ONNX Runtime computes what Kintsugi's
 * patched network computes, on real images, with some regions' gates open and others shut, so every part of
 * the patch (supports, the reverse running maximum of the gates, the bounded affine patches, the sum over
 * regions) is checked against an engine that shares no code with {@link ReassurePatch}.
 */
class OnnxPatchExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet", "channels-last"})
    void onnxRuntimeComputesThePatchedNetwork(String name, @TempDir Path tmp) throws IOException {
        try (Network original = OnnxImport.load(OnnxImportTest.DIR.resolve(name + ".onnx"), OnnxImport.Hints.NONE);
             Network patched = patchedCopy(original)) {
            float[] x = OnnxImportTest.probe();
            float[] before = OnnxImport.outputs(original, x, 8);
            float[] after = OnnxImport.outputs(patched, x, 8);
            assertThat(maxDifference(before, after)).as("the patch changes the outputs").isGreaterThan(1e-3);

            int[] openShut = gates(patched, x, 8);
            assertThat(openShut[0]).as("gates of regions 1-4 open on the probes").isPositive();
            assertThat(openShut[1]).as("gates of regions 1-4 shut on the probes").isPositive();

            Path out = tmp.resolve("patched.onnx");
            OnnxExport.write(patched, out);
            float[] theirs;
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(out)) {
                theirs = ort.run(OnnxImport.onnxInput(patched, x, 8), OnnxImport.onnxShape(patched, 8));
            }
            assertThat(maxDifference(after, theirs)).as("ONNX Runtime against Kintsugi").isLessThanOrEqualTo(1e-4);
            assertThat(OnnxImport.maxDifference(patched, out, 4, 3)).isLessThanOrEqualTo(1e-4);
        }
    }

    /**
     * {@code original} with a 5-region patch on its dense tail: region 0's support holds everywhere (no rows
     * constrain it), regions 1–4 have random half-spaces, so on the probe images some gates open and some not.
     */
    static Network patchedCopy(Network original) {
        int split = DenseTail.defaultSplit(original);
        DenseTail tail = DenseTail.of(original, split);
        int regions = 5;
        int rows = 3;
        int in = tail.inputs();
        int outs = tail.outputs();
        ReassurePatch.Layout layout = new ReassurePatch.Layout(split, regions, rows, in, outs, 0.5);
        ArchitectureSpec spec = original.spec().withOption(ReassurePatch.OPTION, layout.encode());
        Network patched = Network.create(spec, 0);
        for (Layer layer : original.layers()) {
            for (Layer.ParameterInfo p : layer.parameters()) {
                patched.setParameterValues(layer.index(), p.name(), original.parameterValues(layer.index(), p.name()));
            }
        }
        SplittableRandom r = new SplittableRandom(7);
        float[] sw = new float[regions * rows * in];
        float[] sb = new float[regions * rows];
        for (int i = rows * in; i < sw.length; i++) {
            sw[i] = (float) (r.nextGaussian() * 0.2);
        }
        for (int i = 0; i < sb.length; i++) {
            sb[i] = i < rows ? 1f : (float) (r.nextGaussian() * 2 + 1);
        }
        float[] pw = new float[regions * outs * in];
        float[] pb = new float[regions * outs];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = (float) (r.nextGaussian() * 0.05);
        }
        for (int i = 0; i < pb.length; i++) {
            pb[i] = (float) r.nextGaussian();
        }
        float[] k = {3f, 2f, 4f, 1.5f, 2.5f};
        int patch = original.headIndex() + 1;
        patched.setParameterValues(patch, "supportWeight", sw);
        patched.setParameterValues(patch, "supportBias", sb);
        patched.setParameterValues(patch, "patchWeight", pw);
        patched.setParameterValues(patch, "patchBias", pb);
        patched.setParameterValues(patch, "bound", k);
        return patched;
    }

    /** How many (probe, region ≥ 1) supports are fully open (g = 1) and fully shut (g = 0). */
    private static int[] gates(Network patched, float[] x, int n) {
        ReassurePatch.Layout l = ((dev.kintsugi.model.PatchedSequentialBlock) patched.block()).patch().layout();
        int patch = patched.headIndex() + 1;
        float[] sw = patched.parameterValues(patch, "supportWeight");
        float[] sb = patched.parameterValues(patch, "supportBias");
        float[] h;
        try (ai.djl.ndarray.NDManager m = patched.manager().newSubManager()) {
            h = patched.activationsBefore(l.splitLayer(), m.create(x, patched.batchShape(n))).toFloatArray();
        }
        int open = 0;
        int shut = 0;
        for (int s = 0; s < n; s++) {
            for (int region = 1; region < l.regions(); region++) {
                double sum = 0;
                for (int row = 0; row < l.rows(); row++) {
                    int at = region * l.rows() + row;
                    double y = sb[at];
                    for (int j = 0; j < l.inputs(); j++) {
                        y += sw[at * l.inputs() + j] * h[s * l.inputs() + j];
                    }
                    double ny = l.sharpness() * y;
                    sum += Math.max(ny + 1, 0) - Math.max(ny, 0);
                }
                double g = Math.max(sum - (l.rows() - 1), 0);
                open += g >= 1 - 1e-9 ? 1 : 0;
                shut += g <= 1e-9 ? 1 : 0;
            }
        }
        return new int[] {open, shut};
    }

    private static double maxDifference(float[] a, float[] b) {
        assertThat(b).hasSameSizeAs(a);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
