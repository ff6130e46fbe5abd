package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.testing.TestData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small test doubles for the framework's components and a tiny "objects on backgrounds" dataset: 3x8x8
 * images, class c is a bright horizontal band at row 2c (grey), the background tints every other pixel with
 * one of four colours. In train, class c sits on background c with probability 0.9.
 */
final class FailureFakes {
    static final List<String> BACKGROUNDS = List.of("red", "green", "blue", "yellow");
    private static final float[][] COLOURS = {{0.9f, 0.1f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.1f, 0.1f, 0.9f},
            {0.8f, 0.8f, 0.1f}};
    static final int SIZE = 8;
    static final int CLASSES = 4;

    private FailureFakes() {
    }

    static Splits splits(long seed) {
        return new Splits("fake-bg", data("train", 800, seed, 0.9), data("valid", 120, seed + 1, 0),
                data("repair", 400, seed + 2, 0), data("test", 400, seed + 3, 0));
    }

    /** {@code n} images; with {@code commonShare} > 0 class c is on background c that often, else uniform. */
    static Dataset data(String name, int n, long seed, double commonShare) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] labels = new int[n];
        String[] bg = new String[n];
        float[] x = new float[n * 3 * SIZE * SIZE];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            int b = commonShare > 0 && r.nextDouble() < commonShare ? c : r.nextInt(BACKGROUNDS.size());
            labels[i] = c;
            bg[i] = BACKGROUNDS.get(b);
            render(x, i, c, b, r);
        }
        return new Dataset(name, new int[] {3, SIZE, SIZE}, x, labels, TestData.classNames(CLASSES),
                Map.of("background", bg));
    }

    static void render(float[] x, int i, int c, int b, SplittableRandom r) {
        int plane = SIZE * SIZE;
        int base = i * 3 * plane;
        for (int p = 0; p < plane; p++) {
            boolean object = p / SIZE == 2 * c;
            for (int ch = 0; ch < 3; ch++) {
                float v = object ? 0.55f + 0.2f * (float) r.nextDouble() : COLOURS[b][ch] * (0.7f + 0.3f * (float) r.nextDouble());
                x[base + ch * plane + p] = v;
            }
        }
    }

    /** Reads the recorded background: a perfect describer, as a stand-in for CLIP. */
    static Describer oracleDescriber() {
        return new Describer() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public List<Description> describe(Dataset images, List<String> contexts) {
                String[] bg = images.attribute("background");
                List<Description> out = new ArrayList<>();
                for (String b : bg) {
                    String pick = contexts.contains(b) ? b : contexts.get(0);
                    List<Double> scores = contexts.stream().map(c -> c.equals(pick) ? 1.0 : 0.0).toList();
                    out.add(new Description(pick, scores));
                }
                return out;
            }
        };
    }

    /** Every background but the class's own common one. */
    static ContextProposer proposer() {
        return new ContextProposer() {
            @Override
            public String name() {
                return "all-but-common";
            }

            @Override
            public List<String> uncommonContexts(String className) {
                int c = Integer.parseInt(className.substring("class".length()));
                return BACKGROUNDS.stream().filter(b -> !b.equals(BACKGROUNDS.get(c))).toList();
            }
        };
    }

    /** Renders fresh images of the class on the named background. */
    static Generator generator() {
        return new Generator() {
            @Override
            public String name() {
                return "fake-render";
            }

            @Override
            public Dataset generate(String className, int classIndex, String context, int count, long seed) {
                SplittableRandom r = new SplittableRandom(seed);
                float[] x = new float[count * 3 * SIZE * SIZE];
                int[] labels = new int[count];
                String[] bg = new String[count];
                for (int i = 0; i < count; i++) {
                    labels[i] = classIndex;
                    bg[i] = context;
                    render(x, i, classIndex, BACKGROUNDS.indexOf(context), r);
                }
                return new Dataset("generated", new int[] {3, SIZE, SIZE}, x, labels, TestData.classNames(CLASSES),
                        Map.of("background", bg));
            }
        };
    }

    static FailureComponents components() {
        return new FailureComponents(oracleDescriber(), proposer(), generator());
    }
}
