package dev.kintsugi.data.backgrounds;

import java.util.SplittableRandom;

/**
 * Smooth random texture: random values on a square lattice of a given cell size, interpolated with a
 * smoothstep, so one draw gives blobs of about that size (clouds, foliage, stone cells, wood-grain warp).
 * The lattice is drawn from the caller's generator, so a seeded rendering is reproducible.
 */
final class ValueNoise {
    private final float[] lattice;
    private final int side;
    private final float cell;

    /** A noise field covering {@code size x size} pixels with blobs about {@code cell} pixels across. */
    ValueNoise(SplittableRandom rng, int size, float cell) {
        this.cell = cell;
        this.side = (int) Math.ceil(size / cell) + 2;
        this.lattice = new float[side * side];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = (float) rng.nextDouble();
        }
    }

    /** The field at pixel (x, y), in [0, 1]. */
    float at(float x, float y) {
        float fx = x / cell;
        float fy = y / cell;
        int ix = (int) fx;
        int iy = (int) fy;
        float tx = smooth(fx - ix);
        float ty = smooth(fy - iy);
        float a = lattice[iy * side + ix];
        float b = lattice[iy * side + ix + 1];
        float c = lattice[(iy + 1) * side + ix];
        float d = lattice[(iy + 1) * side + ix + 1];
        float top = a + (b - a) * tx;
        float bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    private static float smooth(float t) {
        return t * t * (3 - 2 * t);
    }
}
