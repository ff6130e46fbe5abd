package dev.kintsugi.cli;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.ModelComparison;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.study.ComparisonReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Judge fixed models against their original on every axis of the ICSE 2026 study: ACC, RR, NFR, "
                + "ASR (PGD), AAOD, corruptions and cost. Prints a table, writes comparison.json and comparison.html.",
        footer = {"", "Example:",
                "  kintsugi compare --original runs/lenet5 --fixed runs/lenet5-ft runs/lenet5-ar --out runs/compare",
                "  kintsugi compare --original o.pt --fixed f.pt --input-shape 1,28,28 --mean 0.286 --std 0.353 --out cmp"})
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--original", required = true, paramLabel = "MODEL",
            description = "The original: a Kintsugi model directory, an ONNX file or a TorchScript .pt file.")
    Path original;

    @Option(names = "--fixed", required = true, arity = "1..*", paramLabel = "MODEL", description = "One or more fixed models.")
    List<Path> fixed;

    @Mixin
    DataOptions data;

    @Mixin
    SplitOption split;

    @Mixin
    VerifyOptions verify;

    @Mixin
    ExternalModelOptions external;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "Folder for comparison.json and comparison.html (created if needed).")
    Path out;

    @Option(names = "--force", description = "Replace an existing comparison.json / comparison.html in --out.")
    boolean force;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        inputs.add(original);
        inputs.addAll(fixed);
        if (java.nio.file.Files.isSymbolicLink(out)) {
            throw new dev.kintsugi.KintsugiException("--out " + out + " is a symbolic link; Kintsugi never writes through a link");
        }
        for (String name : new String[] {dev.kintsugi.study.ComparisonReport.HTML, dev.kintsugi.study.ComparisonReport.JSON}) {
            dev.kintsugi.util.OutputPaths.checkFile(out.resolve(name), "--out", force, inputs);
        }
        for (Path input : inputs) {
            dev.kintsugi.util.OutputPaths.checkApart(out, "--out", input);
        }
        Dataset test = split.of(data.load());
        List<OpenedClassifier> opened = new ArrayList<>();
        try {
            OpenedClassifier o = external.open(original, test.classNames());
            opened.add(o);
            ModelCompatibility.check(o, test);
            List<OpenedClassifier> fixes = new ArrayList<>();
            for (Path f : fixed) {
                OpenedClassifier c = external.open(f, test.classNames());
                opened.add(c);
                ModelCompatibility.check(c, test);
                fixes.add(c);
            }
            ModelComparison comparison = ModelComparison.run(o, fixes, test, verify.settings("pgd", true), System.err);
            System.out.print(ComparisonTable.render(comparison));
            ComparisonReport.Files files = ComparisonReport.write(comparison, test, out, Invocation.commandLine(), start);
            System.out.println("report: " + files.html());
            System.out.println("json:   " + files.json());
        } finally {
            opened.forEach(OpenedClassifier::close);
        }
        return 0;
    }
}
