package dev.kintsugi.spark;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spark engine's one-line refusals before any work: a Spark it was not built for, a master nobody answers at. */
class SparkEngineChecksTest {
    @Test
    void anotherSparkOrScalaIsRefusedInOneLine() {
        assertThatCode(() -> SparkEngineFactory.requireSupported("4.0.1", "2.13.16")).doesNotThrowAnyException();
        assertThatCode(() -> SparkEngineFactory.requireSupported(SparkEngineFactory.sparkVersion(),
                scala.util.Properties.versionNumberString())).doesNotThrowAnyException();
        assertThatThrownBy(() -> SparkEngineFactory.requireSupported("3.5.1", "2.12.18"))
                .isInstanceOf(KintsugiException.class)
                .hasMessage("--engine spark needs Spark 4.x on Scala 2.13 (this jar was built for them); found Spark "
                        + "3.5.1 on Scala 2.12.18");
        assertThatThrownBy(() -> SparkEngineFactory.requireSupported("4.0.1", "2.12.18"))
                .hasMessageContaining("found Spark 4.0.1 on Scala 2.12.18");
        assertThatThrownBy(() -> SparkEngineFactory.requireSupported("40.0.0", "2.13.16"))
                .hasMessageContaining("found Spark 40.0.0");
        assertThatThrownBy(() -> SparkEngineFactory.requireSupported(null, "2.13.16"))
                .hasMessageContaining("found Spark of unknown version");
    }

    @Test
    void aMasterThatDoesNotAnswerIsRefusedInOneLine() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String dead = "spark://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> SparkEngine.requireReachable(dead))
                .isInstanceOf(KintsugiException.class)
                .hasMessageStartingWith("cannot reach the Spark master " + dead + " (127.0.0.1:" + closedPort + ": ")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> SparkEngine.requireReachable("spark://127.0.0.1:x"))
                .hasMessage("--master spark://127.0.0.1:x: no port number in 127.0.0.1:x");
        try (ServerSocket live = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String up = "127.0.0.1:" + live.getLocalPort();
            assertThatCode(() -> SparkEngine.requireReachable("spark://" + up)).doesNotThrowAnyException();
            // high availability: one live master of two is enough
            assertThatCode(() -> SparkEngine.requireReachable(dead + "," + up)).doesNotThrowAnyException();
        }
        assertThatCode(() -> SparkEngine.requireReachable("local[2]")).doesNotThrowAnyException();
    }
}
