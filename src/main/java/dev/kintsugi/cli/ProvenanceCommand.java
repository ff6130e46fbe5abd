package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.util.Checksums;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;
import dev.kintsugi.util.ProvenanceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = "Check the checksums a provenance.json records.",
        subcommands = {ProvenanceCommand.Verify.class},
        footer = {"", "Example:", "  kintsugi provenance verify runs/fixed/model"})
final class ProvenanceCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the SHA-256 of the folder's own files and of each input that is a model file or "
                    + "folder still on disk, and compare them with provenance.json. Exit 0 when all match, 2 when any "
                    + "does not. Data inputs are named by content checksums that the data commands check.",
            footer = {"", "Example:", "  kintsugi provenance verify runs/credit"})
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "A folder with a provenance.json (a model, a repair, a report).")
        Path dir;

        @Override
        public Integer call() {
            Path file = dir.resolve(ModelStore.PROVENANCE);
            if (!Files.isRegularFile(file)) {
                throw new KintsugiException(dir + " has no " + ModelStore.PROVENANCE + " to verify");
            }
            Provenance p = Json.read(file, Provenance.class);
            List<ProvenanceCheck.Entry> entries = new ArrayList<>(ProvenanceCheck.ownFiles(dir, p));
            List<String> unchecked = new ArrayList<>();
            for (Provenance.Input in : p.inputs == null ? List.<Provenance.Input>of() : p.inputs) {
                ProvenanceCheck.Entry e = modelInput(in);
                if (e != null) {
                    entries.add(e);
                } else {
                    unchecked.add(in.role());
                }
            }
            TextTable t = new TextTable("state", "file or input", "recorded SHA-256", "path");
            for (ProvenanceCheck.Entry e : entries) {
                t.row(e.state(), e.what(), e.recorded().length() > 16 ? e.recorded().substring(0, 16) : e.recorded(),
                        e.path());
            }
            System.out.print(t.render());
            if (p.files == null) {
                System.out.println("note: this provenance records no checksums of its own files (saved by an older "
                        + "Kintsugi, or not a model folder)");
            }
            if (!unchecked.isEmpty()) {
                System.out.println("not re-checked (data, or no longer on disk): " + String.join(", ", unchecked));
            }
            long bad = entries.stream().filter(e -> !e.matches()).count();
            if (bad > 0) {
                throw new KintsugiException(bad + " of " + entries.size() + " checksums in " + file
                        + " do not match the files as they are now");
            }
            System.out.println("all " + entries.size() + " checksums match");
            return 0;
        }

        /** A model input still on disk, with what it hashes to now (the checksum a model load computes); else null. */
        private static ProvenanceCheck.Entry modelInput(Provenance.Input in) {
            if (in.name() == null || in.sha256() == null) {
                return null;
            }
            Path path;
            try {
                path = Path.of(in.name());
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
            String what = "input " + in.role();
            if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(ModelStore.SPEC))
                    && Files.isRegularFile(path.resolve(ModelStore.PARAMETERS))) {
                return new ProvenanceCheck.Entry(what, path, in.sha256(), ModelStore.checksum(path));
            }
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (Files.isRegularFile(path) && (name.endsWith(".onnx") || name.endsWith(".pt") || name.endsWith(".pth"))) {
                return new ProvenanceCheck.Entry(what, path, in.sha256(), Checksums.sha256(path));
            }
            return null;
        }
    }
}
