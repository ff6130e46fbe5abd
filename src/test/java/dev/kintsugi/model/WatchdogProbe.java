package dev.kintsugi.model;

import ai.djl.ndarray.NDManager;
import dev.kintsugi.KintsugiException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one forward pass of a TorchScript file under the watchdog, in a process of its own (the watchdog
 * halts the process it guards). Arguments: model file, timeout in ms, memory headroom in MiB above the
 * resident size after loading (0: the default limit).
 */
public final class WatchdogProbe {
    private WatchdogProbe() {
    }

    public static void main(String[] args) {
        ForwardWatchdog.installSignalHandlers();
        ForwardWatchdog.timeout(Duration.ofMillis(Long.parseLong(args[1])));
        try (OpenedClassifier opened = OpenedClassifier.open(Path.of(args[0]), null);
             NDManager m = opened.classifier().manager().newSubManager()) {
            long headroom = Long.parseLong(args[2]);
            if (headroom > 0) {
                ForwardWatchdog.memoryLimitBytes(dev.kintsugi.util.ProcessStats.currentRssBytes() + (headroom << 20));
            }
            System.out.println("forward");
            System.out.flush();
            opened.classifier().forward(m.ones(opened.classifier().batchShape(2)), false);
            System.out.println("done");
        } catch (KintsugiException e) {
            System.err.println("kintsugi: " + e.getMessage());
            System.exit(2);
        }
    }
}
