package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable labelled dataset held in one flat float array.
 *
 * <p>Sample {@code i} occupies {@code features[i * sampleSize() .. (i + 1) * sampleSize())} laid out
 * in {@link #sampleShape()} order (channels, height, width for images; one axis for tabular data).
 * Per-sample attributes (for example {@code background}, {@code sex}, {@code age}) are kept as
 * strings, one array per attribute name, so fairness and failure analyses can group by them. The
 * checksum covers shape, features, labels and attributes so provenance can name exactly what a model
 * was trained on.
 */
public final class Dataset {
    private final String name;
    private final int[] sampleShape;
    private final float[] features;
    private final int[] labels;
    private final List<String> classNames;
    private final Map<String, String[]> attributes;
    private volatile String checksum;

    public Dataset(String name, int[] sampleShape, float[] features, int[] labels, List<String> classNames,
                   Map<String, String[]> attributes) {
        this.name = name;
        this.sampleShape = sampleShape.clone();
        this.features = features;
        this.labels = labels;
        // (List.of's contains(null) throws, so look at each)
        if (classNames.stream().anyMatch(java.util.Objects::isNull)) {
            throw new KintsugiException(name + ": a class name is missing (null)");
        }
        this.classNames = List.copyOf(classNames);
        Map<String, String[]> attrs = new LinkedHashMap<>();
        if (attributes != null) {
            attrs.putAll(attributes);
        }
        this.attributes = Collections.unmodifiableMap(attrs);
        validate();
    }

    public Dataset(String name, int[] sampleShape, float[] features, int[] labels, List<String> classNames) {
        this(name, sampleShape, features, labels, classNames, Map.of());
    }

    private void validate() {
        long shapeValues = 1;
        for (int d : sampleShape) {
            shapeValues *= Math.max(d, 0);
            if (d < 1 || shapeValues > Integer.MAX_VALUE) {
                // a negative pair multiplies to a positive size; a huge one overflows int
                throw new KintsugiException(name + ": sample shape " + Arrays.toString(sampleShape)
                        + " needs sizes of at least 1 and fewer than 2^31 values in all");
            }
        }
        int size = sampleSize();
        if (size <= 0) {
            throw new KintsugiException(name + ": sample shape " + Arrays.toString(sampleShape) + " is empty");
        }
        if ((long) labels.length * size != features.length) {
            throw new KintsugiException(name + ": " + labels.length + " labels but " + features.length
                    + " feature values (expected " + (long) labels.length * size + ")");
        }
        if (classNames.isEmpty()) {
            throw new KintsugiException(name + ": no class names");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new KintsugiException(name + ": label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (classNames.size() - 1));
            }
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new KintsugiException(name + ": sample " + (i / size) + " has a non-finite feature ("
                        + features[i] + ")");
            }
        }
        attributes.forEach((key, values) -> {
            if (values.length != labels.length) {
                throw new KintsugiException(name + ": attribute '" + key + "' has " + values.length
                        + " values for " + labels.length + " samples");
            }
        });
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public int sampleSize() {
        int n = 1;
        for (int d : sampleShape) {
            n *= d;
        }
        return n;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public int label(int i) {
        return labels[i];
    }

    /** The labels; a copy, so callers cannot change the dataset. */
    public int[] labels() {
        return labels.clone();
    }

    /** Raw feature storage, shared, not copied: callers must treat it as read-only. */
    public float[] featuresView() {
        return features;
    }

    /** Copies sample {@code i}'s features into {@code dst} at {@code offset}. */
    public void copySample(int i, float[] dst, int offset) {
        int size = sampleSize();
        System.arraycopy(features, i * size, dst, offset, size);
    }

    public float[] sample(int i) {
        float[] out = new float[sampleSize()];
        copySample(i, out, 0);
        return out;
    }

    public Map<String, String[]> attributes() {
        return attributes;
    }

    public boolean hasAttribute(String key) {
        return attributes.containsKey(key);
    }

    public String[] attribute(String key) {
        String[] values = attributes.get(key);
        if (values == null) {
            throw new KintsugiException(name + " has no attribute '" + key + "' (it has: "
                    + (attributes.isEmpty() ? "none" : String.join(", ", attributes.keySet())) + ")");
        }
        return values.clone();
    }

    /** The samples at {@code indices}, in that order, with their attributes. */
    public Dataset subset(String newName, int[] indices) {
        int size = sampleSize();
        float[] f = new float[indices.length * size];
        int[] l = new int[indices.length];
        Map<String, String[]> attrs = new LinkedHashMap<>();
        attributes.forEach((k, v) -> attrs.put(k, new String[indices.length]));
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            System.arraycopy(features, i * size, f, j * size, size);
            l[j] = labels[i];
            for (Map.Entry<String, String[]> e : attrs.entrySet()) {
                e.getValue()[j] = attributes.get(e.getKey())[i];
            }
        }
        return new Dataset(newName, sampleShape, f, l, classNames, attrs);
    }

    /**
     * The samples of {@code parts} one after another. All parts must share shape and classes; only the
     * attributes every part has are kept.
     */
    public static Dataset concat(String newName, List<Dataset> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Dataset first = parts.get(0);
        int size = first.sampleSize();
        int n = 0;
        for (Dataset d : parts) {
            if (!Arrays.equals(d.sampleShape, first.sampleShape) || !d.classNames.equals(first.classNames)) {
                throw new KintsugiException("cannot combine " + d.name + " with " + first.name
                        + ": shapes or classes differ");
            }
            n += d.size();
        }
        float[] f = new float[n * size];
        int[] l = new int[n];
        Map<String, String[]> attrs = new LinkedHashMap<>();
        for (String key : first.attributes.keySet()) {
            if (parts.stream().allMatch(d -> d.attributes.containsKey(key))) {
                attrs.put(key, new String[n]);
            }
        }
        int at = 0;
        for (Dataset d : parts) {
            System.arraycopy(d.features, 0, f, at * size, d.features.length);
            System.arraycopy(d.labels, 0, l, at, d.labels.length);
            for (Map.Entry<String, String[]> e : attrs.entrySet()) {
                System.arraycopy(d.attributes.get(e.getKey()), 0, e.getValue(), at, d.size());
            }
            at += d.size();
        }
        return new Dataset(newName, first.sampleShape, f, l, first.classNames, attrs);
    }

    /** The same samples with features replaced (for example after standardisation). */
    public Dataset withFeatures(String newName, float[] newFeatures) {
        return new Dataset(newName, sampleShape, newFeatures, labels, classNames, attributes);
    }

    /** The same samples with labels replaced (for example after relabelling). */
    public Dataset withLabels(String newName, int[] newLabels) {
        return new Dataset(newName, sampleShape, features, newLabels, classNames, attributes);
    }

    /** Number of samples of each class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** SHA-256 over shape, features, labels, class names and attributes, as hex. */
    public String checksum() {
        String c = checksum;
        if (c == null) {
            c = computeChecksum();
            checksum = c;
        }
        return c;
    }

    private String computeChecksum() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int d : sampleShape) {
                buf.putInt(d);
            }
            for (float v : features) {
                if (buf.remaining() < 4) {
                    flush(md, buf);
                }
                buf.putFloat(v);
            }
            for (int l : labels) {
                if (buf.remaining() < 4) {
                    flush(md, buf);
                }
                buf.putInt(l);
            }
            flush(md, buf);
            md.update(String.join("\u0000", classNames).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Map.Entry<String, String[]> e : attributes.entrySet()) {
                md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (String v : e.getValue()) {
                    md.update(String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static void flush(MessageDigest md, ByteBuffer buf) {
        buf.flip();
        md.update(buf);
        buf.clear();
    }

    @Override
    public String toString() {
        return name + " (" + size() + " samples, shape " + Arrays.toString(sampleShape) + ", "
                + numClasses() + " classes)";
    }
}
