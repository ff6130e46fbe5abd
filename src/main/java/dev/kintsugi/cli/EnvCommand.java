package dev.kintsugi.cli;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.NativeTuning;
import dev.kintsugi.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "env", mixinStandardHelpOptions = true, description = "Show Java, DJL, PyTorch, threads and which built-in datasets are found.",
        footer = {"", "Example:", "  kintsugi env --threads 1"})
final class EnvCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Properties build = Provenance.buildInfo();
        long start = System.nanoTime();
        String pytorch = Engines.pytorchVersion();
        double engineSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("kintsugi   %s (%s)%n", build.getProperty("version", "unknown"), build.getProperty("commit", "unknown"));
        System.out.printf("java       %s (%s)%n", System.getProperty("java.version"), System.getProperty("java.vendor"));
        System.out.printf("djl        %s%n", Engines.djlVersion());
        System.out.printf("pytorch    %s (engine loaded in %.2fs, offline=%s)%n", pytorch, engineSeconds,
                System.getProperty("ai.djl.offline"));
        System.out.printf("threads    %d of %d cores%n", Engines.threads(), Runtime.getRuntime().availableProcessors());
        System.out.printf("cpu isa    %s%n", dev.kintsugi.model.CpuIsa.describe());
        System.out.printf("workaround %s%n", dev.kintsugi.model.KernelWorkarounds.describe());
        System.out.printf("memory     max heap %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
        // native runtime: BLAS, oneDNN, OpenMP, its wait policy and malloc (issue 21)
        NativeTuning.runtime().forEach((k, v) -> System.out.printf("%-10s %s%n", k, v));
        for (String name : BuiltinDatasets.names()) {
            System.out.printf("data       %-14s %s%n", name, BuiltinDatasets.locate(name));
        }
        return 0;
    }
}
