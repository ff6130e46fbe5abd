package dev.kintsugi.model;

import ai.djl.ndarray.types.Shape;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.zoo.Architecture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The count before allocation equals the built network's, for every zoo network; too many values is refused. */
class ParameterBudgetTest {
    @Test
    void theCountBeforeAllocationIsTheBuiltNetworksForEveryZooArchitecture() {
        Engines.engine();
        int checked = 0;
        for (Architecture a : ModelZoo.architectures()) {
            for (int[] shape : new int[][] {{1, 28, 28}, {3, 32, 32}, {20}}) {
                ArchitectureSpec spec;
                try {
                    spec = NetworkTest.spec(a.name(), Map.of(), shape);
                } catch (KintsugiException e) {
                    continue; // an image architecture on tabular input, say
                }
                java.util.OptionalLong before = ParameterBudget.count(ModelZoo.build(spec), batchOf(shape));
                long built;
                try (Network n = Network.create(spec, 0)) {
                    built = n.parameterCount();
                } catch (RuntimeException e) {
                    // an architecture that cannot take this input (a convolution on tabular rows) has no count either
                    assertThat(before).as("%s on %s", a.name(), java.util.Arrays.toString(shape)).isEmpty();
                    continue;
                }
                assertThat(before).as("%s on %s", a.name(), java.util.Arrays.toString(shape)).hasValue(built);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(ModelZoo.architectures().size());
    }

    @Test
    void optionsThatAreEachAllowedButTogetherHugeAreRefusedBeforeAllocating() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Network.create(NetworkTest.spec("mlp", Map.of("hidden", "65536,65536"), 20), 0))
                .isInstanceOf(KintsugiException.class)
                .hasMessage("mlp with these options would have 4,296,605,699 parameter values; the zoo builds at "
                        + "most 100,000,000 (choose smaller --opt sizes)");
        // 17 GB would take seconds to allocate and initialise
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        try (Network n = Network.create(NetworkTest.spec("mlp", Map.of("hidden", "4096,4096"), 20), 0)) {
            assertThat(n.parameterCount()).isEqualTo(20L * 4096 + 4096 + 4096L * 4096 + 4096 + 4096L * 3 + 3);
        }
    }

    private static Shape batchOf(int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = 1;
        for (int i = 0; i < shape.length; i++) {
            s[i + 1] = shape[i];
        }
        return new Shape(s);
    }
}
