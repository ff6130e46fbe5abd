package dev.kintsugi.diagnose.data;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kintsugi.model.Engines;

/**
 * Exact k-nearest neighbours by Euclidean distance, brute force with blocked matrix products on the
 * engine ({@code ||q - r||² = ||q||² + ||r||² - 2 q·r}): a block of query rows against all reference rows
 * at once, then the engine's top-k. Fast enough for tens of thousands of rows of tens of dimensions, and
 * exact, unlike hashing. Rows are given row-major in one float array.
 */
public final class NearestNeighbours {
    static final int BLOCK_ROWS = 256;

    /** Neighbour {@code j} of query {@code i} is {@code indices[i * k + j]} at squared distance {@code squaredDistances[i * k + j]}, nearest first. */
    public record Result(int k, int[] indices, float[] squaredDistances) {
        public int index(int query, int rank) {
            return indices[query * k + rank];
        }

        public double distance(int query, int rank) {
            return Math.sqrt(Math.max(0, squaredDistances[query * k + rank]));
        }
    }

    private NearestNeighbours() {
    }

    /**
     * The {@code k} nearest reference rows of every query row. With {@code sameSet} the queries are the
     * references and a row is never its own neighbour (an identical copy still is).
     */
    public static Result find(float[] queries, float[] references, int dim, int k, boolean sameSet) {
        return find(queries, references, dim, k, sameSet, rows -> { });
    }

    /** As above; {@code progress} is told how many query rows each finished block held. */
    public static Result find(float[] queries, float[] references, int dim, int k, boolean sameSet,
                              java.util.function.IntConsumer progress) {
        int nq = queries.length / dim;
        int nr = references.length / dim;
        int want = Math.min(k + (sameSet ? 1 : 0), nr);
        int kept = Math.min(k, nr - (sameSet ? 1 : 0));
        if (kept <= 0) {
            return new Result(0, new int[0], new float[0]);
        }
        int[] indices = new int[nq * kept];
        float[] distances = new float[nq * kept];
        Engines.engine();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray refs = manager.create(references, new Shape(nr, dim));
            NDArray refNorms = refs.square().sum(new int[]{1});
            NDArray refsT = refs.transpose();
            for (int from = 0; from < nq; from += BLOCK_ROWS) {
                int to = Math.min(nq, from + BLOCK_ROWS);
                try (NDManager block = manager.newSubManager()) {
                    float[] rows = java.util.Arrays.copyOfRange(queries, from * dim, to * dim);
                    NDArray q = block.create(rows, new Shape(to - from, dim));
                    // Largest 2q·r - ||r||² is the smallest distance; ||q||² is added back per row below.
                    // In place: fresh block-sized arrays each time cost more in page faults than in arithmetic.
                    NDArray score = Scalars.muli(q.matMul(refsT), 2f).subi(refNorms);
                    NDList top = score.topK(want, 1, true, true);
                    float[] values = top.get(0).toFloatArray();
                    long[] idx = top.get(1).toLongArray();
                    breakTiesByIndex(values, idx, want);
                    float[] qNorms = q.square().sum(new int[]{1}).toFloatArray();
                    for (int r = 0; r < to - from; r++) {
                        int query = from + r;
                        int filled = 0;
                        for (int j = 0; j < want && filled < kept; j++) {
                            int ref = (int) idx[r * want + j];
                            if (sameSet && ref == query) {
                                continue;
                            }
                            indices[query * kept + filled] = ref;
                            distances[query * kept + filled] = Math.max(0f, qNorms[r] - values[r * want + j]);
                            filled++;
                        }
                    }
                }
                progress.accept(to - from);
            }
        }
        return new Result(kept, indices, distances);
    }

    /**
     * topK leaves the order of equal scores (exact duplicates) to the kernel, which differs between CPUs and
     * thread counts; within each row, equal scores are put in index order so neighbours are the same anywhere.
     */
    static void breakTiesByIndex(float[] values, long[] idx, int width) {
        for (int row = 0; row < values.length / width; row++) {
            int base = row * width;
            for (int j = base + 1; j < base + width; j++) {
                float v = values[j];
                long id = idx[j];
                int i = j - 1;
                while (i >= base && values[i] == v && idx[i] > id) {
                    values[i + 1] = values[i];
                    idx[i + 1] = idx[i];
                    i--;
                }
                values[i + 1] = v;
                idx[i + 1] = id;
            }
        }
    }

    /** Each row scaled to unit length (zero rows stay zero), so squared distance / 2 is the cosine distance. */
    public static float[] unitRows(float[] rows, int dim) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length / dim; i++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) rows[i * dim + j] * rows[i * dim + j];
            }
            double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int j = 0; j < dim; j++) {
                out[i * dim + j] = (float) (rows[i * dim + j] * scale);
            }
        }
        return out;
    }
}
