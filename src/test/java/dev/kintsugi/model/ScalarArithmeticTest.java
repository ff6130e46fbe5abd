package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Array-with-number arithmetic that autograd can rely on ({@link Scalars}). DJL's {@code NDArray.mul(Number)} and
 * kin free the scalar's Java buffer while the autograd graph still points at it, so a backward pass under garbage
 * collection reads freed memory.
 */
class ScalarArithmeticTest {
    /** DJL's forms whose backward reads the scalar (add and sub do not). */
    private static final Pattern DJL_SCALAR_CALL = Pattern.compile(
            "Method ai/djl/ndarray/NDArrays?\\.(mul|div|maximum|minimum|pow|muli|divi|powi):\\(([^)]*)Ljava/lang/Number;");

    @Test
    void mainCodeNeverUsesDjlsNumberArithmetic() throws Exception {
        Path classes = Path.of(Scalars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> files;
        try (Stream<Path> s = Files.walk(classes.resolve("dev/kintsugi"))) {
            files = s.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().startsWith("Scalars"))
                    .map(Path::toString).toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        List<String> args = new ArrayList<>(List.of("-c", "-p"));
        args.addAll(files);
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("javap").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        assertThat(rc).isZero();
        List<String> offenders = new ArrayList<>();
        String currentClass = "?";
        String currentMethod = "?";
        for (String line : out.toString().split("\n")) {
            if (line.startsWith("Compiled from")) {
                continue;
            }
            if (!line.startsWith(" ") && line.contains("class ")) {
                currentClass = line;
            } else if (line.startsWith("  ") && !line.startsWith("   ") && line.contains("(")) {
                currentMethod = line.strip();
            }
            Matcher m = DJL_SCALAR_CALL.matcher(line);
            if (m.find()) {
                offenders.add(currentClass.replaceAll(".*class ([\\w.$]+).*", "$1") + " " + currentMethod + ": " + m.group(1));
            }
        }
        assertThat(offenders).as("use Scalars.mul/div/maximum/minimum/pow instead of NDArray.xxx(Number)").isEmpty();
    }

    @Test
    void gradientsThroughAScalarStayExactWhileTheCollectorRuns() throws Exception {
        // a / 3 * 5, max(., 0.25) and ^2: each backward reads its scalar; a collector thread runs all the while
        UnaryOperator<NDArray> f = x -> Scalars.pow(Scalars.maximum(Scalars.mul(Scalars.div(x, 3), 5), 0.25), 2);
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                byte[][] churn = new byte[64][];
                for (int i = 0; i < churn.length; i++) {
                    churn[i] = new byte[1 << 12];
                }
                java.nio.ByteBuffer.allocateDirect(1 << 10).putFloat(0, Float.NaN);
            }
        });
        collector.setDaemon(true);
        collector.start();
        try (NDManager m = Engines.engine().newBaseManager()) {
            float[] values = {-1f, 0.3f, 0.6f, 1.2f, 3f};
            for (int iteration = 0; iteration < 400; iteration++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(values);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                        gc.backward(f.apply(x).sum());
                    }
                    float[] g = x.getGradient().toFloatArray();
                    for (int i = 0; i < values.length; i++) {
                        float y = values[i] / 3f * 5f;
                        // d/dx max(5x/3, 0.25)^2 = 2 * (5x/3) * 5/3 where 5x/3 > 0.25, else 0
                        float expected = y > 0.25f ? 2f * y * (5f / 3f) : 0f;
                        assertThat(g[i]).as("iteration %d, x = %s", iteration, values[i]).isCloseTo(expected,
                                org.assertj.core.data.Offset.offset(1e-5f));
                    }
                }
            }
        } finally {
            collector.interrupt();
            collector.join(5000);
        }
    }
}
