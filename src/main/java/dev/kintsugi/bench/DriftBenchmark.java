package dev.kintsugi.bench;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.GermanCredit;
import dev.kintsugi.data.Splits;
import dev.kintsugi.data.StratifiedSplitter;
import dev.kintsugi.diagnose.data.DriftCheck;
import dev.kintsugi.diagnose.data.DriftOutcome;
import dev.kintsugi.diagnose.data.DriftSettings;
import dev.kintsugi.diagnose.data.FeatureDrift;
import dev.kintsugi.evaluate.Corruption;
import dev.kintsugi.evaluate.Corruptions;
import dev.kintsugi.model.Engines;
import dev.kintsugi.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift benchmark (issue 7).
 * <ul>
 *   <li>{@code images}: Fashion-MNIST's test split cut into two random halves per repeat (seeded); half A, 1,000
 *       random images, is the reference, half B is corrupted (Gaussian noise, brightness, tint) at three
 *       severities; the detection rate is the share of repeats whose p-value is below 0.05. False alarms: A
 *       against B uncorrupted, over more repeats. Tint: both halves are made RGB (grey in every channel) and
 *       B's green and blue channels are scaled by {@code 1 - s/2} and {@code 1 - s}, s = 0.1 / 0.2 / 0.4 (a warm
 *       cast that keeps red).</li>
 *   <li>{@code tabular}: German Credit, train split against the test split with the applicants' age shifted by
 *       0 / +2 / +5 / +10 years, over 20 split seeds: alarm rate, and the age feature's KS q-value and PSI.</li>
 * </ul>
 * Usage: {@code DriftBenchmark images|tabular --threads 1 --out DIR [--repeats 10] [--null-repeats 100] [--name N]}
 * (writes {@code drift-N.json}; N defaults to the mode). {@code --repeats 0} or {@code --null-repeats 0} skips that
 * part, so detection and false alarms can run as two processes; {@code --faint} replaces the three severities by
 * one fainter level per corruption ({@link #FAINT}).
 */
public final class DriftBenchmark {
    static final double[] TINTS = {0.1, 0.2, 0.4};
    static final double[] AGE_SHIFTS = {0, 2, 5, 10};
    /** Below the benchmark severities: noise std 0.02, brightness +0.02, tint 0.03. */
    static final Map<String, Double> FAINT = Map.of("gaussian_noise", 0.02, "brightness", 0.02, "tint", 0.03);

    private DriftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "images";
        int threads = 1;
        int repeats = 10;
        int nullRepeats = 100;
        Path out = Path.of("bench/results/leakage");
        String name = mode;
        boolean faint = false;
        Path modelDir = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--null-repeats" -> nullRepeats = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--name" -> name = args[++i];
                case "--faint" -> faint = true;
                case "--model" -> modelDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Engines.configureThreads(threads);
        Files.createDirectories(out);
        dev.kintsugi.model.SavedModel saved = modelDir == null ? null : dev.kintsugi.model.ModelStore.load(modelDir);
        Map<String, Object> result = mode.equals("tabular") ? tabular()
                : images(repeats, nullRepeats, faint, saved == null ? null : saved.network());
        if (saved != null) {
            result.put("model", modelDir.toString());
            saved.network().close();
        }
        result.put("threads", threads);
        Json.write(out.resolve("drift-" + name + ".json"), result);
        System.out.println(Json.toString(result));
    }

    /** The corruption's strengths: its three severities, or with {@code faint} one level below severity 1. */
    static double[] strengths(String corruption, boolean faint) {
        if (faint) {
            return new double[]{FAINT.get(corruption)};
        }
        if (corruption.equals("tint")) {
            return TINTS;
        }
        Corruption c = Corruption.valueOf(corruption.toUpperCase(java.util.Locale.ROOT));
        return new double[]{c.strength(1), c.strength(2), c.strength(3)};
    }

    /**
     * Detection and false alarms on Fashion-MNIST test halves. Without a model the default test is the domain
     * classifier; with one it is MMD on the model's embeddings, and the tint (which makes the images RGB, which a
     * grey model cannot embed) is left out.
     */
    static Map<String, Object> images(int repeats, int nullRepeats, boolean faint, dev.kintsugi.model.Network model) {
        Dataset test = FashionMnist.load(0).test();
        DriftCheck check = new DriftCheck(DriftSettings.defaults());
        List<Map<String, Object>> rows = new ArrayList<>();
        long start = System.nanoTime();
        // repeat r compares the same two halves for every corruption and severity: split once
        List<StratifiedSplitter.Parts> halvesByRepeat = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            halvesByRepeat.add(StratifiedSplitter.split(test, 0.5, r, "test/A", "test/B"));
        }
        List<String> corruptions = model == null ? List.of("gaussian_noise", "brightness", "tint")
                : List.of("gaussian_noise", "brightness");
        for (String corruption : repeats == 0 ? List.<String>of() : corruptions) {
            double[] levels = strengths(corruption, faint);
            for (int severity = 1; severity <= levels.length; severity++) {
                double strength = levels[severity - 1];
                int alarms = 0;
                List<Double> statistics = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    StratifiedSplitter.Parts halves = halvesByRepeat.get(r);
                    Dataset reference = halves.first();
                    Dataset current = halves.second();
                    if (corruption.equals("tint")) {
                        reference = rgb(reference, 0);
                        current = rgb(current, strength);
                    } else {
                        Corruption c = Corruption.valueOf(corruption.toUpperCase(java.util.Locale.ROOT));
                        current = Corruptions.corrupt(current, c, strength, r);
                    }
                    DriftOutcome o = check.compare(reference, current, model, r);
                    alarms += o.alarm() ? 1 : 0;
                    statistics.add(o.test().statistic());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("corruption", corruption);
                row.put("severity", faint ? "faint" : String.valueOf(severity));
                row.put("strength", strength);
                row.put("repeats", repeats);
                row.put("detectionRate", alarms / (double) repeats);
                // the domain classifier's AUC, or MMD² with a model
                row.put(model == null ? "meanAuc" : "meanMmd2",
                        statistics.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
                rows.add(row);
                System.err.println(row);
            }
        }
        double detectionSeconds = (System.nanoTime() - start) / 1e9;
        int falseAlarms = 0;
        List<Double> pValues = new ArrayList<>();
        start = System.nanoTime();
        for (int r = 0; r < nullRepeats; r++) {
            StratifiedSplitter.Parts halves = StratifiedSplitter.split(test, 0.5, 1000 + r, "test/A", "test/B");
            DriftOutcome o = check.compare(halves.first(), halves.second(), model, 1000 + r);
            falseAlarms += o.alarm() ? 1 : 0;
            pValues.add(o.pValue());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("method", model == null ? "domain-classifier" : "mmd");
        result.put("settings", DriftSettings.defaults());
        result.put("detection", rows);
        result.put("detectionSeconds", detectionSeconds);
        result.put("nullRepeats", nullRepeats);
        result.put("falseAlarms", falseAlarms);
        result.put("falseAlarmRate", nullRepeats == 0 ? null : falseAlarms / (double) nullRepeats);
        result.put("nullPValues", pValues);
        result.put("nullSeconds", (System.nanoTime() - start) / 1e9);
        return result;
    }

    /** Grey images as RGB, green and blue scaled by 1 - tint/2 and 1 - tint. */
    static Dataset rgb(Dataset grey, double tint) {
        int[] s = grey.sampleShape();
        int plane = s[1] * s[2];
        float[] x = grey.featuresView();
        float[] out = new float[grey.size() * 3 * plane];
        double[] scale = {1, 1 - tint / 2, 1 - tint};
        for (int i = 0; i < grey.size(); i++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    out[(i * 3 + c) * plane + p] = (float) (x[i * plane + p] * scale[c]);
                }
            }
        }
        return new Dataset(grey.name() + (tint > 0 ? "-tint" : "-rgb"), new int[]{3, s[1], s[2]}, out, grey.labels(),
                grey.classNames(), grey.attributes());
    }

    static Map<String, Object> tabular() {
        List<Map<String, Object>> rows = new ArrayList<>();
        int seeds = 20;
        // each seed's split, loaded once for every shift
        Splits[] bySeed = new Splits[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            bySeed[seed] = GermanCredit.load(seed);
        }
        for (double years : AGE_SHIFTS) {
            int alarms = 0;
            int ageFlagged = 0;
            int otherFlagged = 0;
            List<Double> agePsi = new ArrayList<>();
            List<Double> ageQ = new ArrayList<>();
            for (int seed = 0; seed < seeds; seed++) {
                Splits splits = bySeed[seed];
                int age = ageFeature(splits.train());
                double perYear = featurePerYear(splits.train(), age);
                Dataset test = splits.test();
                float[] x = test.featuresView().clone();
                for (int i = 0; i < test.size(); i++) {
                    x[i * test.sampleSize() + age] += (float) (years * perYear);
                }
                DriftOutcome o = new DriftCheck().compare(splits.train(), test.withFeatures("test+age", x), null, seed);
                alarms += o.alarm() ? 1 : 0;
                FeatureDrift.Row ageRow = o.features().get(age);
                ageFlagged += ageRow.q() < o.alpha() ? 1 : 0;
                otherFlagged += (int) o.features().stream().filter(r -> r.feature() != age && r.q() < o.alpha()).count();
                agePsi.add(ageRow.psi());
                ageQ.add(ageRow.q());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ageShiftYears", years);
            row.put("seeds", seeds);
            row.put("alarmRate", alarms / (double) seeds);
            row.put("ageFlaggedRate", ageFlagged / (double) seeds);
            row.put("otherFeaturesFlagged", otherFlagged);
            row.put("medianAgePsi", median(agePsi));
            row.put("medianAgeQ", median(ageQ));
            rows.add(row);
            System.err.println(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dataset", "german-credit: train (720) vs test (100) with age shifted");
        result.put("rows", rows);
        return result;
    }

    /** The standardised feature that is a linear function of the 'age' attribute. */
    static int ageFeature(Dataset data) {
        double[] age = java.util.Arrays.stream(data.attribute("age")).mapToDouble(Double::parseDouble).toArray();
        for (int f = 0; f < data.sampleSize(); f++) {
            double[] col = FeatureDrift.column(data, f);
            if (Math.abs(new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(age, col))
                    > 0.9999) {
                return f;
            }
        }
        throw new IllegalStateException("no feature follows age");
    }

    /** Standardised units per year of age. */
    static double featurePerYear(Dataset data, int feature) {
        double[] age = java.util.Arrays.stream(data.attribute("age")).mapToDouble(Double::parseDouble).toArray();
        double[] col = FeatureDrift.column(data, feature);
        org.apache.commons.math3.stat.regression.SimpleRegression fit =
                new org.apache.commons.math3.stat.regression.SimpleRegression();
        for (int i = 0; i < age.length; i++) {
            fit.addData(age[i], col[i]);
        }
        return fit.getSlope();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
