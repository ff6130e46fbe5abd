package dev.kintsugi.repair.approaches;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.ReassurePatch;
import dev.kintsugi.repair.RegressionGuard;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.bounds.DenseTail;
import dev.kintsugi.repair.cache.ActivationCache;
import dev.kintsugi.repair.lp.PolytopeRange;
import dev.kintsugi.util.ProcessStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REASSURE (Fu and Li, "Sound and Complete Neural Network Repair with Minimality and Locality Guarantees",
 * ICLR 2022), ported from the authors' ICLR experiment code (BU-DEPEND-Lab/REASSURE,
 * {@code ICLR/tools/build_PNN.py}, {@code ICLR/Experiments/MNIST/PNN_MNIST.py}): the network is kept and a
 * patch network is added to its logits.
 *
 * <ol>
 *   <li>The repaired part is the dense tail after a split layer (default: after the last flatten layer, so
 *       LeNet-5's 144 features feed 120 → 84 → 10). For each repair negative x (in the repair split's order,
 *       as {@code find_buggy_inputs} takes them), its linear region is the set where every hidden neuron of
 *       the tail keeps its sign ({@code linear_region_from_input}), intersected with the input box, and the
 *       tail is affine on it: f = f1·y + f2 ({@code LinearizedNN}); {@link DenseTail#region}.</li>
 *   <li>The specification "class y wins" is P·f ≤ 0 with rows e_j − e_y ({@code specification_matrix_from_labels},
 *       ql = −100, qu = 0). For each row, two LPs give the range [lb, ub] of P_i·f1·x over the region
 *       ({@link PolytopeRange}, ojAlgo in place of scipy {@code linprog}); {@code OneDimLinearTransform}
 *       scales (α) and shifts (β) that row into [ql, qu]; the affine patch is c = (P⁻¹αP − I)·f1,
 *       d = (P⁻¹αP − I)·f2 + P⁻¹β ({@code LinearPatchNN}).</li>
 *   <li>Each patch is gated by its region's support network with sharpness n (default 0.5, PNN_MNIST's value)
 *       and bounded by K, the largest |patch| over the input box; consecutive patches are stored as differences
 *       and gated by the max of their own and every later support ({@code MultiPNN}); {@link ReassurePatch}.</li>
 * </ol>
 *
 * <p>Deviations, each stated: (1) the repository's later {@code REASSURE/Repair.py} replaces step 2 by one
 * Farkas-dual LP that minimises the patch's L∞ size over the region; on LeNet-5's 144 features that LP has
 * about 14,000 variables and 2,700 equality rows per point, far beyond ojAlgo's simplex in this port's time
 * budget (3m's notes: 851 variables already take seconds), so the ICLR code's per-row LPs (2·(classes − 1)
 * small LPs per point) are used. (2) {@code OrthogonalComplement} completes P with an eigenvector row taken
 * from numpy's {@code eig} output by row, not by column; here the completing row is the true complement
 * 1/√C·(1, ..., 1). The two differ only by a shift common to all logits, which changes no prediction and no
 * softmax. (3) The input box of the tail is the per-feature [min, max] over the training split and the
 * repair points (the original repairs raw MNIST pixels, whose box [0, 1] is known). (4) The tail is
 * linearised from its weights rather than by autograd; same numbers. (5) Like the original's
 * {@code repair_num}, the first {@code points} negatives are repaired (default 100, the largest count the ICLR
 * MNIST experiment ships a model for, {@code PNNed_model_100.pt}; 0 = all): every patch adds a support network
 * of one row per hidden neuron that every later forward pass evaluates (100 regions on LeNet-5: 20,400 rows of
 * 144 weights), so patching all of a LeNet-5's ~700 negatives would make the model several times slower to run.
 * Fewer are patched if the time budget runs out.
 *
 * <p>Needs piecewise-linear activations after the split: ReLU or LeakyReLU between dense layers (the zoo's
 * {@code activation=relu} or {@code leaky-relu}); a tanh, sigmoid, SELU or ELU network is refused with a
 * one-line reason before anything is changed, and so is {@code batchnorm=true} (affine at inference, so the
 * algorithm would allow it, but this port's linearisation reads dense weights only). Runs on mlp, lenet5, cnn and
 * vgg-small with those activations; not on resnet-small, whose tail after global pooling is the output
 * layer alone (no hidden neuron, so no linear region but the whole box: the algorithm has nothing local to
 * patch). The repaired model saves, loads, evaluates and is attacked like any other: the patch is a layer
 * whose shape is recorded in the spec. Options: {@code split}, {@code n}, {@code points} (default 100, 0 = all),
 * {@code margin} (qu = −margin; default 0 as the original).
 */
public final class Reassure implements RepairApproach {
    /** The specification's lower bound on e_j − e_y (specification_matrix_from_labels). */
    private static final double SPEC_LOWER = -100;

    @Override
    public boolean addsLayers() {
        return true; // the patch network is a layer of its own
    }

    @Override
    public String name() {
        return "reassure";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.LAYER;
    }

    @Override
    public String paper() {
        return "Fu & Li, REASSURE, ICLR 2022";
    }

    @Override
    public String summary() {
        return "adds a patch network: per failing input, an affine patch on its linear region (LPs) gated by a "
                + "support network (ICLR experiment code)";
    }

    @Override
    public String architectureLimits() {
        return "resnet-small (after global pooling only the output layer is left: no linear region to patch); any "
                + "network with tanh, sigmoid, selu or elu after the split (not piecewise linear), or batchnorm=true "
                + "there (not read by this port)";
    }

    /** One point's affine patch c·y + d, row-major c {@code [outputs][inputs]}. */
    record Patch(double[][] c, double[] d, int lpSolves) {
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("margin", "n", "points", "split"));
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        long start = System.nanoTime();
        if (original.splitLayer() >= 0) {
            throw new KintsugiException("reassure: the model already carries a REASSURE patch; repair the model it "
                    + "was made from");
        }
        int split = context.intOption("split", DenseTail.defaultSplit(original));
        DenseTail tail = DenseTail.of(original, split);
        if (tail.hiddenNeurons() == 0) {
            throw new KintsugiException("reassure: no ReLU neuron between layer " + split + " and the output layer, "
                    + "so the linear region is the whole input box and there is nothing local to patch");
        }
        double sharpness = context.doubleOption("n", 0.5);
        int limit = context.intOption("points", 100);
        double margin = context.doubleOption("margin", 0);

        float[][] points = rows(ActivationCache.of(original, context.negatives(), split));
        int[] labels = context.negatives().labels();
        double[][] box = box(ActivationCache.of(original, context.train(), split), points);
        int count = limit > 0 ? Math.min(limit, points.length) : points.length;

        List<Patch> patches = new ArrayList<>();
        List<DenseTail.Region> regions = new ArrayList<>();
        List<Integer> patchedPoints = new ArrayList<>();
        int lps = 0;
        int failedLps = 0;
        for (int i = 0; i < count && !context.outOfTime(); i++) {
            double[] x = toDouble(points[i]);
            DenseTail.Region region = tail.region(x);
            try {
                Patch p = linearPatch(region, box[0], box[1], labels[i], SPEC_LOWER, -margin, context.timeLeft());
                patches.add(p);
                regions.add(region);
                patchedPoints.add(i);
                lps += p.lpSolves();
            } catch (IllegalStateException e) {
                failedLps++; // the solver gave up on this region (numerically empty); the point stays unpatched
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("split", split);
        details.put("points", count);
        details.put("regions", patches.size());
        details.put("rowsPerRegion", tail.hiddenNeurons());
        details.put("lpSolves", lps);
        details.put("pointsWithoutPatch", failedLps);
        details.put("n", sharpness);
        if (patches.isEmpty()) {
            throw new KintsugiException("reassure: no point was patched before the time budget ran out");
        }
        Network fixed = patched(original, tail, regions, patches, box, sharpness, context.seed());
        try {
            dev.kintsugi.repair.RepairRun.checkFinite(this, fixed); // it builds its result itself, not via RepairRun.of
        } catch (RuntimeException e) {
            fixed.close();
            throw e;
        }
        // overlapping supports can undo a patch near a later region (the original: "choose n large enough")
        dev.kintsugi.evaluate.Predictions asked = dev.kintsugi.evaluate.Predictor.predict(fixed,
                context.negatives().subset("patched", patchedPoints.stream().mapToInt(Integer::intValue).toArray()));
        details.put("pointsFixed", (int) java.util.stream.IntStream.range(0, asked.size()).filter(asked::correct).count());
        RegressionGuard.Verdict verdict = context.guard().selectWhole(fixed);
        RepairDiff diff = diff(original, fixed);
        if (verdict.keptOriginal()) {
            fixed.close();
            fixed = original.copy();
            diff = RepairDiff.between(original, fixed);
        }
        details.put("options", context.options());
        return new RepairResult(name(), fixed, diff, details, verdict.note(), verdict.keptOriginal(),
                (System.nanoTime() - start) / 1e9, ProcessStats.peakRssBytes());
    }

    /**
     * {@code LinearPatchNN} for the specification "class {@code label} wins": rows e_j − e_label (j ≠ label)
     * must lie in [ql, qu] on the whole region.
     */
    static Patch linearPatch(DenseTail.Region region, double[] lo, double[] hi, int label, double ql, double qu) {
        return linearPatch(region, lo, hi, label, ql, qu, null);
    }

    /** As above, each LP stopped after {@code timeLimit} (the budget left), which fails the region like an empty one. */
    static Patch linearPatch(DenseTail.Region region, double[] lo, double[] hi, int label, double ql, double qu,
                             java.time.Duration timeLimit) {
        double[][] f1 = region.jacobian();
        double[] f2 = region.offset();
        int out = f1.length;
        int in = lo.length;
        PolytopeRange range = new PolytopeRange(region.a(), region.b(), lo, hi, timeLimit);
        double[][] p = new double[out][out];
        double[] alpha = new double[out];
        double[] beta = new double[out];
        int row = 0;
        for (int j = 0; j < out; j++) {
            if (j == label) {
                continue;
            }
            p[row][j] = 1;
            p[row][label] = -1;
            double[] w = new double[in];
            for (int c = 0; c < in; c++) {
                w[c] = f1[j][c] - f1[label][c];
            }
            double[] lu = range.range(w);
            double[] ab = oneDimLinearTransform(lu[0], lu[1], f2[j] - f2[label], ql, qu);
            alpha[row] = ab[0];
            beta[row] = ab[1];
            row++;
        }
        for (int j = 0; j < out; j++) {
            p[out - 1][j] = 1 / Math.sqrt(out); // the orthogonal complement of the rows e_j − e_label
        }
        alpha[out - 1] = 1;
        double[][] pInv = inverse(p);
        // trans = P⁻¹·diag(α)·P − I
        double[][] trans = new double[out][out];
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < out; c++) {
                double s = 0;
                for (int k = 0; k < out; k++) {
                    s += pInv[r][k] * alpha[k] * p[k][c];
                }
                trans[r][c] = s - (r == c ? 1 : 0);
            }
        }
        double[][] c = new double[out][in];
        double[] d = new double[out];
        for (int r = 0; r < out; r++) {
            for (int k = 0; k < out; k++) {
                double t = trans[r][k];
                if (t != 0) {
                    for (int col = 0; col < in; col++) {
                        c[r][col] += t * f1[k][col];
                    }
                    d[r] += t * f2[k];
                }
                d[r] += pInv[r][k] * beta[k];
            }
        }
        return new Patch(c, d, range.solves());
    }

    /** {@code OneDimLinearTransform}: scale and shift the interval [lb, ub] + b into [ql, qu]; {α, β}. */
    static double[] oneDimLinearTransform(double lb, double ub, double b, double ql, double qu) {
        double alpha;
        if (ub - lb <= qu - ql) {
            alpha = 1.0;
        } else {
            alpha = (qu - ql) / (ub - lb);
            lb = alpha * lb;
            ub = alpha * ub;
        }
        double beta;
        if (lb + b >= ql && ub + b <= qu) {
            beta = 0.0;
        } else if (lb + b < ql) {
            beta = ql - lb - alpha * b;
        } else {
            beta = qu - ub - alpha * b;
        }
        return new double[] {alpha, beta};
    }

    /** K of {@code MultiPNN}: the largest |c·y + d| over the box, exact for a box (what linprog returns there). */
    static double bound(double[][] c, double[] d, double[] lo, double[] hi) {
        double k = 0;
        for (int r = 0; r < d.length; r++) {
            double low = d[r];
            double high = d[r];
            for (int j = 0; j < lo.length; j++) {
                double a = c[r][j] * lo[j];
                double b = c[r][j] * hi[j];
                low += Math.min(a, b);
                high += Math.max(a, b);
            }
            k = Math.max(k, Math.max(Math.abs(low), Math.abs(high)));
        }
        return k;
    }

    /** The original's layers with a {@link ReassurePatch} holding the regions' supports and patches. */
    static Network patched(Network original, DenseTail tail, List<DenseTail.Region> regions,
                                   List<Patch> patches, double[][] box, double sharpness, long seed) {
        int in = tail.inputs();
        int out = tail.outputs();
        int rows = tail.hiddenNeurons();
        int count = patches.size();
        ReassurePatch.Layout layout = new ReassurePatch.Layout(tail.split(), count, rows, in, out, sharpness);
        ArchitectureSpec spec = original.spec().withOption(ReassurePatch.OPTION, layout.encode());
        Network fixed = Network.create(spec, seed);
        try {
            for (Layer layer : original.layers()) {
                for (Layer.ParameterInfo p : layer.parameters()) {
                    fixed.setParameterValues(layer.index(), p.name(), original.parameterValues(layer.index(), p.name()));
                }
            }
            float[] sw = new float[count * rows * in];
            float[] sb = new float[count * rows];
            float[] pw = new float[count * out * in];
            float[] pb = new float[count * out];
            float[] k = new float[count];
            double[][] previousC = new double[out][in];
            double[] previousD = new double[out];
            for (int i = 0; i < count; i++) {
                DenseTail.Region region = regions.get(i);
                for (int r = 0; r < rows; r++) {
                    // SupportNN: y = b − A·h, so its layer has weight −A and bias b
                    for (int j = 0; j < in; j++) {
                        sw[(i * rows + r) * in + j] = (float) -region.a()[r][j];
                    }
                    sb[i * rows + r] = (float) region.b()[r];
                }
                Patch p = patches.get(i);
                double[][] dc = new double[out][in];
                double[] dd = new double[out];
                for (int r = 0; r < out; r++) {
                    for (int j = 0; j < in; j++) {
                        dc[r][j] = p.c()[r][j] - previousC[r][j];
                        pw[(i * out + r) * in + j] = (float) dc[r][j];
                    }
                    dd[r] = p.d()[r] - previousD[r];
                    pb[i * out + r] = (float) dd[r];
                }
                k[i] = (float) bound(dc, dd, box[0], box[1]);
                previousC = p.c();
                previousD = p.d();
            }
            int patchLayer = original.headIndex() + 1;
            fixed.setParameterValues(patchLayer, "supportWeight", sw);
            fixed.setParameterValues(patchLayer, "supportBias", sb);
            fixed.setParameterValues(patchLayer, "patchWeight", pw);
            fixed.setParameterValues(patchLayer, "patchBias", pb);
            fixed.setParameterValues(patchLayer, "bound", k);
            return fixed;
        } catch (RuntimeException e) {
            fixed.close();
            throw e;
        }
    }

    /** The original's parameters are unchanged; the change is the patch layer, counted from nothing. */
    private static RepairDiff diff(Network original, Network fixed) {
        RepairDiff base = RepairDiff.between(original, fixed);
        List<RepairDiff.ParameterChange> changes = new ArrayList<>(base.parameters());
        long changed = base.changedValues();
        long total = base.totalValues();
        Layer patch = fixed.layers().get(original.headIndex() + 1);
        for (Layer.ParameterInfo p : patch.parameters()) {
            float[] v = fixed.parameterValues(patch.index(), p.name());
            long rowsCount = p.shape().length > 0 ? p.shape()[0] : 1;
            int perRow = (int) (v.length / Math.max(1, rowsCount));
            long nonZero = 0;
            double sq = 0;
            double max = 0;
            List<Integer> touched = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 0) {
                    nonZero++;
                    sq += (double) v[i] * v[i];
                    max = Math.max(max, Math.abs(v[i]));
                    int row = perRow == 0 ? 0 : i / perRow;
                    if (touched.isEmpty() || touched.get(touched.size() - 1) != row) {
                        touched.add(row);
                    }
                }
            }
            changes.add(new RepairDiff.ParameterChange(patch.index(), patch.name(), p.name(), v.length, nonZero,
                    Math.sqrt(sq), max, List.copyOf(touched)));
            changed += nonZero;
            total += v.length;
        }
        return new RepairDiff(List.copyOf(changes), changed, total, base.headWeightChange(), base.headLayer());
    }

    /** Per-feature [min, max] over the training split's and the repair points' tail inputs. */
    private static double[][] box(ActivationCache train, float[][] points) {
        int width = train.width();
        double[] lo = new double[width];
        double[] hi = new double[width];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < width; j++) {
                double v = train.value(i, j);
                lo[j] = Math.min(lo[j], v);
                hi[j] = Math.max(hi[j], v);
            }
        }
        for (float[] x : points) {
            for (int j = 0; j < width; j++) {
                lo[j] = Math.min(lo[j], x[j]);
                hi[j] = Math.max(hi[j], x[j]);
            }
        }
        return new double[][] {lo, hi};
    }

    /** Gauss–Jordan inverse with partial pivoting (P is at most classes × classes). */
    static double[][] inverse(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalStateException("specification matrix is singular");
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double s = a[col][col];
            for (int c = 0; c < 2 * n; c++) {
                a[col][c] /= s;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int c = 0; c < 2 * n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    private static float[][] rows(ActivationCache cache) {
        float[][] out = new float[cache.size()][cache.width()];
        for (int i = 0; i < cache.size(); i++) {
            for (int l = 0; l < cache.width(); l++) {
                out[i][l] = cache.value(i, l);
            }
        }
        return out;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
