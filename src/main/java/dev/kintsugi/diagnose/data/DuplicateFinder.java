package dev.kintsugi.diagnose.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Standardizer;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds exact and near-duplicate samples within the training split and between it and valid, repair and
 * test (leakage).
 *
 * <ul>
 *   <li>Exact: samples bucketed by {@link ContentHash}, confirmed by comparing their features.</li>
 *   <li>Near, images: candidates are each image's {@code candidates} nearest neighbours on thumbnails
 *       (average-pooled to about 7x7, exact brute-force search) plus every pair whose {@link PerceptualHash}s
 *       differ in at most {@code maxHamming} bits; a candidate is a pair when its
 *       {@link ShiftTolerantDistance} is at most {@code maxPixelDistance}. Verifying in pixel space is what
 *       keeps false pairs out: Fashion-MNIST holds thousands of distinct look-alike garments whose hashes
 *       and thumbnails are close.</li>
 *   <li>Near, tabular data: each sample's nearest neighbour on features standardised with train's
 *       statistics; a pair when the RMS difference per feature is at most {@code maxFeatureDistance}.</li>
 *   <li>Near, with a model: each sample's nearest neighbour by cosine distance between the model's
 *       penultimate-layer features; a pair when it is at most {@code maxEmbeddingDistance}.</li>
 * </ul>
 * Nearest-neighbour searches report one partner per sample (several for thumbnails), so a sample with many
 * copies is reported with its closest ones, not with every copy.
 */
public final class DuplicateFinder {
    static final int THUMBNAIL_SIDE = 7;
    private static final int EMBEDDING_BATCH = 256;

    private final DuplicateSettings settings;
    private final PrintStream log;

    public DuplicateFinder(DuplicateSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** The four splits by name, train first; the others are searched for copies of training samples. */
    /** {@code parts} must start with "train"; {@code model} may be null. */
    public Duplicates find(Map<String, Dataset> parts, Network model) {
        Dataset train = parts.get("train");
        if (train == null || train.size() == 0) {
            throw new KintsugiException("duplicate search needs a non-empty split named 'train'");
        }
        for (Dataset d : parts.values()) {
            if (!Arrays.equals(d.sampleShape(), train.sampleShape())) {
                throw new KintsugiException("cannot compare " + d.name() + " with " + train.name() + ": sample shapes "
                        + Arrays.toString(d.sampleShape()) + " and " + Arrays.toString(train.sampleShape()) + " differ");
            }
        }
        PairSet pairs = new PairSet();
        List<String> methods = new ArrayList<>(List.of("content-hash"));
        exact(parts, pairs);
        boolean images = train.sampleShape().length == 3;
        if (images) {
            methods.addAll(List.of("thumbnail-nn", "phash"));
            nearImages(parts, pairs);
        } else {
            methods.add("feature-nn");
            nearTabular(parts, pairs);
        }
        if (model != null) {
            methods.add("embedding-nn");
            nearEmbeddings(parts, model, pairs);
        }
        return new Duplicates(pairs.sorted(), settings, methods);
    }

    private void exact(Map<String, Dataset> parts, PairSet pairs) {
        log.println("duplicates: hashing the contents of " + total(parts) + " samples");
        Map<Long, List<int[]>> buckets = new HashMap<>();
        List<String> names = new ArrayList<>(parts.keySet());
        for (int p = 0; p < names.size(); p++) {
            long[] hashes = ContentHash.all(parts.get(names.get(p)));
            for (int i = 0; i < hashes.length; i++) {
                buckets.computeIfAbsent(hashes[i], h -> new ArrayList<>()).add(new int[]{p, i});
            }
        }
        Dataset train = parts.get("train");
        for (List<int[]> bucket : buckets.values()) {
            if (bucket.size() < 2) {
                continue;
            }
            // Members are in (split, index) order, so the first training member represents the group.
            List<int[]> open = new ArrayList<>(bucket);
            while (!open.isEmpty()) {
                int[] head = open.remove(0);
                Dataset headData = parts.get(names.get(head[0]));
                List<int[]> same = new ArrayList<>();
                open.removeIf(m -> {
                    boolean equal = ContentHash.sameFeatures(headData, head[1], parts.get(names.get(m[0])), m[1]);
                    if (equal) {
                        same.add(m);
                    }
                    return equal;
                });
                if (head[0] != 0) {
                    continue;
                }
                for (int[] m : same) {
                    pairs.add(new DuplicatePair("train", head[1], names.get(m[0]), m[1], DuplicatePair.EXACT,
                            "content-hash", 0));
                }
            }
        }
    }

    private void nearImages(Map<String, Dataset> parts, PairSet pairs) {
        Dataset train = parts.get("train");
        int[] shape = train.sampleShape();
        log.println("duplicates: thumbnails and perceptual hashes");
        Map<String, float[]> thumbs = new LinkedHashMap<>();
        Map<String, long[]> hashes = new LinkedHashMap<>();
        parts.forEach((name, d) -> {
            thumbs.put(name, Thumbnails.of(d, THUMBNAIL_SIDE));
            hashes.put(name, perceptualHashes(d));
        });
        int dim = Thumbnails.size(shape, THUMBNAIL_SIDE);
        for (Map.Entry<String, Dataset> e : parts.entrySet()) {
            String split = e.getKey();
            boolean within = split.equals("train");
            NearestNeighbours.Result nn;
            try (ProgressBar bar = ProgressBars.create("duplicates: " + (within ? "within train" : "train vs " + split),
                    e.getValue().size(), log)) {
                nn = NearestNeighbours.find(thumbs.get(split), thumbs.get("train"), dim, settings.candidates(), within,
                        bar::stepBy);
            }
            for (int q = 0; q < e.getValue().size(); q++) {
                for (int r = 0; r < nn.k(); r++) {
                    verifyImages(train, nn.index(q, r), split, e.getValue(), q, "thumbnail-nn", pairs);
                }
            }
            long[] query = hashes.get(split);
            long[] reference = hashes.get("train");
            for (int q = 0; q < query.length; q++) {
                for (int t = within ? q + 1 : 0; t < reference.length; t++) {
                    if (PerceptualHash.hamming(query[q], reference[t]) <= settings.maxHamming()) {
                        verifyImages(train, t, split, e.getValue(), q, "phash", pairs);
                    }
                }
            }
        }
    }

    private void verifyImages(Dataset train, int t, String split, Dataset other, int q, String method,
                              PairSet pairs) {
        DuplicatePair probe = ordered(t, split, q, DuplicatePair.NEAR, method, 0);
        if (probe == null || pairs.contains(probe)) {
            return;
        }
        int[] s = train.sampleShape();
        double d = ShiftTolerantDistance.between(train.featuresView(), t * train.sampleSize(), other.featuresView(),
                q * other.sampleSize(), s[0], s[1], s[2], settings.maxShift());
        if (d <= settings.maxPixelDistance()) {
            pairs.add(ordered(t, split, q, DuplicatePair.NEAR, method, d));
        }
    }

    private void nearTabular(Map<String, Dataset> parts, PairSet pairs) {
        Standardizer standardizer = Standardizer.fit(parts.get("train"));
        Map<String, float[]> scaled = new LinkedHashMap<>();
        parts.forEach((name, d) -> scaled.put(name, standardizer.apply(d).featuresView()));
        int dim = parts.get("train").sampleSize();
        nearestPairs(parts, scaled, dim, "feature-nn", pairs,
                squared -> Math.sqrt(squared / dim), settings.maxFeatureDistance());
    }

    private void nearEmbeddings(Map<String, Dataset> parts, Network model, PairSet pairs) {
        log.println("duplicates: embedding every sample with the model's penultimate layer");
        Map<String, float[]> embedded = new LinkedHashMap<>();
        int[] dim = new int[1];
        parts.forEach((name, d) -> {
            float[] f = embeddings(model, d);
            dim[0] = f.length / Math.max(1, d.size());
            embedded.put(name, NearestNeighbours.unitRows(f, dim[0]));
        });
        nearestPairs(parts, embedded, dim[0], "embedding-nn", pairs, squared -> squared / 2,
                settings.maxEmbeddingDistance());
    }

    private void nearestPairs(Map<String, Dataset> parts, Map<String, float[]> rows, int dim, String method,
                              PairSet pairs, java.util.function.DoubleUnaryOperator distance, double threshold) {
        for (String split : parts.keySet()) {
            boolean within = split.equals("train");
            NearestNeighbours.Result nn = NearestNeighbours.find(rows.get(split), rows.get("train"), dim, 1, within);
            for (int q = 0; q < parts.get(split).size() && nn.k() > 0; q++) {
                double d = distance.applyAsDouble(nn.squaredDistances()[q]);
                DuplicatePair pair = ordered(nn.index(q, 0), split, q, DuplicatePair.NEAR, method, d);
                if (d <= threshold && pair != null && !pairs.contains(pair)) {
                    pairs.add(pair);
                }
            }
        }
    }

    /** Penultimate-layer features of every sample, row-major. */
    static float[] embeddings(Network model, Dataset data) {
        if (!Arrays.equals(model.inputShape(), data.sampleShape())) {
            throw new KintsugiException("the model expects inputs of shape " + Arrays.toString(model.inputShape())
                    + " but " + data.name() + " has " + Arrays.toString(data.sampleShape()));
        }
        Batches batches = new Batches(data, EMBEDDING_BATCH);
        List<float[]> chunks = new ArrayList<>();
        int total = 0;
        for (int from = 0; from < data.size(); from += EMBEDDING_BATCH) {
            int to = Math.min(data.size(), from + EMBEDDING_BATCH);
            try (NDManager sub = model.manager().newSubManager()) {
                NDArray f = model.features(batches.inputs(sub, null, from, to));
                float[] chunk = f.toFloatArray();
                chunks.add(chunk);
                total += chunk.length;
            }
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    private static long[] perceptualHashes(Dataset d) {
        int[] s = d.sampleShape();
        long[] out = new long[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = PerceptualHash.of(d.featuresView(), i * d.sampleSize(), s[0], s[1], s[2]);
        }
        return out;
    }

    /** The pair with train's sample first and, within train, the lower index first; null for a sample and itself. */
    private static DuplicatePair ordered(int trainIndex, String split, int index, String kind, String method,
                                         double distance) {
        if (split.equals("train")) {
            if (trainIndex == index) {
                return null;
            }
            return new DuplicatePair("train", Math.min(trainIndex, index), "train", Math.max(trainIndex, index), kind,
                    method, distance);
        }
        return new DuplicatePair("train", trainIndex, split, index, kind, method, distance);
    }

    private static int total(Map<String, Dataset> parts) {
        return parts.values().stream().mapToInt(Dataset::size).sum();
    }

    /** Pairs by identity: the first method to report a pair keeps it (exact before near). */
    private static final class PairSet {
        private final Map<String, DuplicatePair> byKey = new LinkedHashMap<>();

        void add(DuplicatePair pair) {
            byKey.putIfAbsent(pair.key(), pair);
        }

        boolean contains(DuplicatePair pair) {
            return byKey.containsKey(pair.key());
        }

        List<DuplicatePair> sorted() {
            List<DuplicatePair> out = new ArrayList<>(byKey.values());
            out.sort(java.util.Comparator.comparing(DuplicatePair::secondSplit).thenComparing(DuplicatePair::kind)
                    .thenComparingDouble(DuplicatePair::distance).thenComparingInt(DuplicatePair::first)
                    .thenComparingInt(DuplicatePair::second));
            return out;
        }
    }
}
