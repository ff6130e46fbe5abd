package dev.kintsugi.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.nn.Parameter;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.KernelWorkarounds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input and weight gradients of the zoo's convolution against a direct float64 convolution. With DJL's
 * PyTorch 2.7.1 natives the unpadded kernel gets input gradients wrong by order 1 for filter counts that are
 * not a multiple of the SIMD block (AVX2: 8, AVX-512: 16), so these cases fail without the workaround on such
 * CPUs.
 */
@Tag("numerical")
class PaddedConv2dTest {
    @ParameterizedTest
    @CsvSource({"4,1,3,8,1", "4,8,8,8,1", "8,8,8,10,2", "8,16,6,6,1", "8,8,20,6,1", "8,8,16,6,1"})
    void gradientsMatchADirectConvolution(int n, int ci, int co, int hw, int stride) {
        Engines.engine();
        SplittableRandom r = new SplittableRandom(co * 31L + ci);
        try (NDManager m = NDManager.newBaseManager()) {
            PaddedConv2d conv = new PaddedConv2d(Conv2d.builder().setFilters(co).setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1)).optStride(new Shape(stride, stride)));
            conv.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
            conv.setInitializer(new NormalInitializer(0.5f), Parameter.Type.BIAS);
            conv.initialize(m, DataType.FLOAT32, new Shape(n, ci, hw, hw));
            int ho = (hw - 1) / stride + 1;
            float[] x = random(r, n * ci * hw * hw);
            float[] s = random(r, n * co * ho * ho);
            NDArray xa = m.create(x, new Shape(n, ci, hw, hw));
            xa.setRequiresGradient(true);
            float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
            float[] b = conv.getParameters().get("bias").getArray().toFloatArray();
            float[] z;
            assertThat(conv.pads(xa)).as("inference outside a collector runs the plain kernel").isFalse();
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                assertThat(conv.pads(xa)).isEqualTo(co % 16 != 0 && KernelWorkarounds.convChannelPadding());
                NDArray out = conv.forward(new ParameterStore(m, false), new NDList(xa), true).singletonOrThrow();
                z = out.toFloatArray();
                gc.backward(out.mul(m.create(s, out.getShape())).sum());
            }
            float[] gx = xa.getGradient().toFloatArray();
            float[] gw = conv.getParameters().get("weight").getArray().getGradient().toFloatArray();

            double[] zr = new double[z.length];
            double[] gxr = new double[gx.length];
            double[] gwr = new double[gw.length];
            for (int bi = 0; bi < n; bi++) {
                for (int o = 0; o < co; o++) {
                    for (int i = 0; i < ho; i++) {
                        for (int j = 0; j < ho; j++) {
                            int zi = ((bi * co + o) * ho + i) * ho + j;
                            double acc = b[o];
                            for (int c = 0; c < ci; c++) {
                                for (int ki = 0; ki < 3; ki++) {
                                    for (int kj = 0; kj < 3; kj++) {
                                        int ii = i * stride + ki - 1;
                                        int jj = j * stride + kj - 1;
                                        if (ii < 0 || jj < 0 || ii >= hw || jj >= hw) {
                                            continue;
                                        }
                                        int xi = ((bi * ci + c) * hw + ii) * hw + jj;
                                        int wi = ((o * ci + c) * 3 + ki) * 3 + kj;
                                        acc += (double) x[xi] * w[wi];
                                        gxr[xi] += (double) s[zi] * w[wi];
                                        gwr[wi] += (double) s[zi] * x[xi];
                                    }
                                }
                            }
                            zr[zi] = acc;
                        }
                    }
                }
            }
            assertThat(maxDiff(z, zr)).as("forward").isLessThan(1e-4);
            assertThat(maxDiff(gx, gxr)).as("input gradient").isLessThan(1e-4);
            assertThat(maxDiff(gw, gwr)).as("weight gradient").isLessThan(1e-3);
        }
    }

    private static float[] random(SplittableRandom r, int k) {
        float[] a = new float[k];
        for (int i = 0; i < k; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    private static double maxDiff(float[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
