package dev.kintsugi.data.backgrounds;

import dev.kintsugi.KintsugiException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The named procedural backgrounds of {@code fashion-bg}. Each paints one texture into a channels-first
 * RGB buffer with values in [0, 1]; its random parts (cloud and foliage blobs, wave and grain phases, brick
 * offsets, stars) come from the caller's generator, so every rendering differs and a seeded one repeats.
 * Colours and textures are chosen to be told apart by eye: a vocabulary a describer can name.
 */
public enum Background {
    SKY {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            ValueNoise clouds = new ValueNoise(rng, size, 7f);
            for (int y = 0; y < size; y++) {
                float t = y / (float) (size - 1);
                for (int x = 0; x < size; x++) {
                    float cloud = Math.max(0f, clouds.at(x, y) - 0.55f) * 2.2f;
                    put(rgb, size, x, y, mix(0.40f + 0.30f * t, 0.95f, cloud), mix(0.65f + 0.20f * t, 0.97f, cloud),
                            mix(0.95f, 1.00f, cloud));
                }
            }
        }
    },
    GRASS {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            ValueNoise blades = new ValueNoise(rng, size, 1.5f);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    // Stretched vertically: thin upright blades.
                    float v = 0.65f + 0.7f * blades.at(x, y / 4f);
                    put(rgb, size, x, y, 0.22f * v, 0.55f * v, 0.14f * v);
                }
            }
        }
    },
    SAND {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            double phase = rng.nextDouble() * 2 * Math.PI;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float ripple = (float) (1 + 0.07 * Math.sin((x + 0.5 * y) / 2.2 + phase));
                    float grain = 1 + 0.10f * ((float) rng.nextDouble() - 0.5f);
                    float v = ripple * grain;
                    put(rgb, size, x, y, 0.86f * v, 0.76f * v, 0.52f * v);
                }
            }
        }
    },
    WATER {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            double phase = rng.nextDouble() * 2 * Math.PI;
            double sway = rng.nextDouble() * 2 * Math.PI;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float wave = (float) Math.sin(y / 1.4 + 0.9 * Math.sin(x / 4.0 + sway) + phase);
                    float crest = Math.max(0f, wave - 0.7f) * 1.5f;
                    float v = 1 + 0.18f * wave;
                    put(rgb, size, x, y, mix(0.08f * v, 0.7f, crest), mix(0.33f * v, 0.85f, crest),
                            mix(0.62f * v, 0.95f, crest));
                }
            }
        }
    },
    BRICK {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            int rowHeight = 7;
            int brickWidth = 10;
            int dy = rng.nextInt(rowHeight);
            int dx = rng.nextInt(brickWidth);
            float[] shade = new float[64];
            for (int i = 0; i < shade.length; i++) {
                shade[i] = 0.88f + 0.24f * (float) rng.nextDouble();
            }
            for (int y = 0; y < size; y++) {
                int row = (y + dy) / rowHeight;
                boolean mortarRow = (y + dy) % rowHeight == 0;
                for (int x = 0; x < size; x++) {
                    int shifted = x + dx + (row % 2) * (brickWidth / 2);
                    boolean mortar = mortarRow || shifted % brickWidth == 0;
                    if (mortar) {
                        put(rgb, size, x, y, 0.78f, 0.76f, 0.72f);
                    } else {
                        float v = shade[(row * 7 + shifted / brickWidth) & 63];
                        put(rgb, size, x, y, 0.66f * v, 0.24f * v, 0.17f * v);
                    }
                }
            }
        }
    },
    SNOW {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            ValueNoise drifts = new ValueNoise(rng, size, 9f);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float shadow = 0.08f * drifts.at(x, y);
                    put(rgb, size, x, y, 0.95f - shadow, 0.96f - shadow * 0.8f, 0.99f - shadow * 0.3f);
                }
            }
        }
    },
    NIGHT {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            for (int y = 0; y < size; y++) {
                float t = y / (float) (size - 1);
                for (int x = 0; x < size; x++) {
                    if (rng.nextDouble() < 0.025) {
                        put(rgb, size, x, y, 0.95f, 0.93f, 0.80f);
                    } else {
                        put(rgb, size, x, y, 0.03f + 0.04f * t, 0.04f + 0.05f * t, 0.16f + 0.10f * t);
                    }
                }
            }
        }
    },
    WOOD {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            ValueNoise warp = new ValueNoise(rng, size, 6f);
            double phase = rng.nextDouble() * 2 * Math.PI;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    // Horizontal grain lines, bent by a smooth warp field.
                    float grain = (float) Math.sin(y * 1.3 + 3.0 * warp.at(x, y) + phase);
                    float v = 1 + 0.16f * grain;
                    put(rgb, size, x, y, 0.56f * v, 0.36f * v, 0.19f * v);
                }
            }
        }
    },
    LEAVES {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            ValueNoise hue = new ValueNoise(rng, size, 3f);
            ValueNoise light = new ValueNoise(rng, size, 2f);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float h = hue.at(x, y);
                    float v = 0.6f + 0.8f * light.at(x, y);
                    put(rgb, size, x, y, (0.10f + 0.45f * h * h) * v, (0.30f + 0.25f * h) * v, 0.08f * v);
                }
            }
        }
    },
    STONE {
        @Override
        void paint(float[] rgb, int size, SplittableRandom rng) {
            ValueNoise cells = new ValueNoise(rng, size, 4f);
            ValueNoise fine = new ValueNoise(rng, size, 1.2f);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = 0.78f + 0.30f * cells.at(x, y) + 0.14f * fine.at(x, y);
                    put(rgb, size, x, y, 0.48f * v, 0.48f * v, 0.50f * v);
                }
            }
        }
    };

    /** Paints the bare texture (no tint, no pixel noise) into {@code rgb}, channels first, {@code size x size}. */
    abstract void paint(float[] rgb, int size, SplittableRandom rng);

    /** The name used in datasets, descriptions and prompts, e.g. "snow". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every background's label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Background::label).toList();
    }

    /** The background called {@code label} (case-insensitive). */
    public static Background byLabel(String label) {
        for (Background b : values()) {
            if (b.label().equalsIgnoreCase(label.strip())) {
                return b;
            }
        }
        throw new KintsugiException("unknown background '" + label + "' (known: " + String.join(", ", labels()) + ")");
    }

    static void put(float[] rgb, int size, int x, int y, float r, float g, float b) {
        int plane = size * size;
        int p = y * size + x;
        rgb[p] = r;
        rgb[plane + p] = g;
        rgb[2 * plane + p] = b;
    }

    static float mix(float a, float b, float t) {
        float w = Math.min(1f, Math.max(0f, t));
        return a + (b - a) * w;
    }
}
