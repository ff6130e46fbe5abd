package dev.kintsugi.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnginesThreadsTest {
    @Test
    void threadsFarAboveTheCoresAreCapped() {
        int before = Engines.threads();
        try {
            Engines.configureThreads(2000);
            assertThat(Engines.threads()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
        } finally {
            Engines.configureThreads(before);
        }
    }
}
