package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.report.ImageGrid;
import dev.kintsugi.report.Section;
import dev.kintsugi.report.Table;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The duplicate check's part of the report: counts, then the closest pairs side by side (or as rows). */
final class DuplicateSections {
    static final int PAIRS_SHOWN = 24;
    private static final int SCALE = 2;

    private DuplicateSections() {
    }

    static void add(Section section, Duplicates d, Map<String, Dataset> parts) {
        Table counts = Table.withHeaders("between", "exact pairs", "near pairs", "training samples involved");
        for (String split : parts.keySet()) {
            counts.row(split.equals("train") ? "train and train" : "train and " + split,
                    d.count(split, DuplicatePair.EXACT), d.count(split, DuplicatePair.NEAR),
                    d.trainSamplesInvolved(split));
        }
        section.paragraph("Searched with " + String.join(", ", d.methods()) + "; thresholds: " + d.settings() + ".");
        section.table(counts);
        for (String split : parts.keySet()) {
            List<DuplicatePair> shown = d.pairs().stream().filter(p -> p.secondSplit().equals(split))
                    .limit(PAIRS_SHOWN).toList();
            if (shown.isEmpty()) {
                continue;
            }
            section.paragraph((split.equals("train") ? "Pairs within train" : "Pairs between train and " + split)
                    + " (closest first, at most " + PAIRS_SHOWN + "):");
            Dataset train = parts.get("train");
            if (train.sampleShape().length == 3) {
                ImageGrid grid = ImageGrid.scaledBy(SCALE);
                for (DuplicatePair p : shown) {
                    grid.add(sideBySide(train, p.first(), parts.get(split), p.second()), sideBySideShape(train),
                            caption(p));
                }
                section.imageGrid(grid);
            } else {
                Table rows = Table.withHeaders("train sample", split + " sample", "kind", "method", "distance");
                shown.forEach(p -> rows.row(p.first(), p.second(), p.kind(), p.method(),
                        String.format(Locale.ROOT, "%.4f", p.distance())));
                section.table(rows);
            }
        }
    }

    private static String caption(DuplicatePair p) {
        return String.format(Locale.ROOT, "train #%d | %s #%d, %s d=%.3f", p.first(), p.secondSplit(), p.second(),
                p.kind(), p.distance());
    }

    /** The two images next to each other with a 2-pixel white gap. */
    static float[] sideBySide(Dataset a, int i, Dataset b, int j) {
        int[] s = a.sampleShape();
        int[] out = sideBySideShape(a);
        float[] pixels = new float[out[0] * out[1] * out[2]];
        float[] left = a.sample(i);
        float[] right = b.sample(j);
        for (int c = 0; c < s[0]; c++) {
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < out[2]; x++) {
                    float v;
                    if (x < s[2]) {
                        v = left[c * s[1] * s[2] + y * s[2] + x];
                    } else if (x < s[2] + 2) {
                        v = 1f;
                    } else {
                        v = right[c * s[1] * s[2] + y * s[2] + x - s[2] - 2];
                    }
                    pixels[c * out[1] * out[2] + y * out[2] + x] = v;
                }
            }
        }
        return pixels;
    }

    static int[] sideBySideShape(Dataset a) {
        int[] s = a.sampleShape();
        return new int[]{s[0], s[1], 2 * s[2] + 2};
    }
}
