package dev.kintsugi.data.backgrounds;

import java.util.SplittableRandom;

/** Colour helpers shared by the renderer and the colourised datasets. */
public final class Colours {
    private Colours() {
    }

    /** The RGB colour of hue {@code h}, saturation {@code s} and value {@code v}, all in [0, 1]. */
    public static float[] hsvToRgb(double h, double s, double v) {
        double f = (h * 6) % 6;
        int sector = (int) f;
        double frac = f - sector;
        float p = (float) (v * (1 - s));
        float q = (float) (v * (1 - s * frac));
        float t = (float) (v * (1 - s * (1 - frac)));
        float w = (float) v;
        return switch (sector) {
            case 0 -> new float[] {w, t, p};
            case 1 -> new float[] {q, w, p};
            case 2 -> new float[] {p, w, t};
            case 3 -> new float[] {p, q, w};
            case 4 -> new float[] {t, p, w};
            default -> new float[] {w, p, q};
        };
    }

    /** A random tint of full value: uniform hue, saturation uniform in [{@code minSaturation}, {@code maxSaturation}]. */
    public static float[] randomTint(SplittableRandom rng, double minSaturation, double maxSaturation) {
        double hue = rng.nextDouble();
        return hsvToRgb(hue, minSaturation + (maxSaturation - minSaturation) * rng.nextDouble(), 1.0);
    }
}
