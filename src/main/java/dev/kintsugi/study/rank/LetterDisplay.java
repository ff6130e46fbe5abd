package dev.kintsugi.study.rank;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact letter display (Piepho, J. Comput. Graph. Stat. 2004, insert-and-absorb) from pairwise two-sided
 * Mann-Whitney U tests (commons-math3: normal approximation without continuity or tie correction, average ranks
 * for ties) with Holm's correction: treatments sharing a letter are not significantly different. Letters can
 * overlap ("ab"), as in the ICSE 2026 study's tables. Letters go in order of the best treatment holding them:
 * "a" marks the group of the best treatment. Cross-checked against tools/rank_groups.py.
 */
public final class LetterDisplay {
    private LetterDisplay() {
    }

    /** Letters per treatment, in order best first. */
    public static Map<String, String> letters(Map<String, double[]> samples, boolean higherIsBetter, double alpha) {
        List<String> names = new ArrayList<>();
        samples.forEach((k, v) -> {
            if (v.length > 0) {
                names.add(k);
            }
        });
        names.sort((a, b) -> {
            int c = Double.compare(ScottKnottEsd.mean(samples.get(a)), ScottKnottEsd.mean(samples.get(b)));
            return higherIsBetter ? -c : c;
        });
        int t = names.size();
        List<int[]> pairs = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        MannWhitneyUTest test = new MannWhitneyUTest();
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                pairs.add(new int[] {i, j});
                p.add(test.mannWhitneyUTest(samples.get(names.get(i)), samples.get(names.get(j))));
            }
        }
        double[] adjusted = holm(p.stream().mapToDouble(Double::doubleValue).toArray());
        List<BitSet> columns = new ArrayList<>();
        BitSet all = new BitSet();
        all.set(0, t);
        columns.add(all);
        for (int k = 0; k < pairs.size(); k++) {
            if (adjusted[k] >= alpha) {
                continue;
            }
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            List<BitSet> next = new ArrayList<>();
            for (BitSet c : columns) {
                if (c.get(i) && c.get(j)) {
                    BitSet withoutI = (BitSet) c.clone();
                    withoutI.clear(i);
                    BitSet withoutJ = (BitSet) c.clone();
                    withoutJ.clear(j);
                    next.add(withoutI);
                    next.add(withoutJ);
                } else {
                    next.add(c);
                }
            }
            columns = absorb(next);
        }
        columns.sort((a, b) -> Integer.compare(a.nextSetBit(0), b.nextSetBit(0)));
        Map<String, String> letters = new LinkedHashMap<>();
        for (int i = 0; i < t; i++) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).get(i)) {
                    s.append(letter(c));
                }
            }
            letters.put(names.get(i), s.toString());
        }
        return letters;
    }

    /** Removes empty columns, duplicates, and columns contained in another column. */
    private static List<BitSet> absorb(List<BitSet> columns) {
        List<BitSet> kept = new ArrayList<>();
        for (int a = 0; a < columns.size(); a++) {
            BitSet c = columns.get(a);
            if (c.isEmpty()) {
                continue;
            }
            boolean contained = false;
            for (int b = 0; b < columns.size() && !contained; b++) {
                if (a == b) {
                    continue;
                }
                BitSet o = columns.get(b);
                BitSet and = (BitSet) c.clone();
                and.and(o);
                boolean subset = and.equals(c);
                // Of two equal columns, keep the first.
                contained = subset && (!c.equals(o) || b < a);
            }
            if (!contained) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** Holm's step-down adjusted p-values, in the input's order. */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int r = 0; r < m; r++) {
            double v = Math.min(1, (m - r) * p[order[r]]);
            running = Math.max(running, v);
            adjusted[order[r]] = running;
        }
        return adjusted;
    }

    private static String letter(int c) {
        return c < 26 ? String.valueOf((char) ('a' + c)) : "(" + (c + 1) + ")";
    }
}
