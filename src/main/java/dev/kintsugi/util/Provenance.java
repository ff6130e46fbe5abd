package dev.kintsugi.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kintsugi.model.Engines;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where an artefact came from: what made it (command, Kintsugi commit, library versions, threads), from
 * what (inputs with checksums), with which settings (seed, parameters) and at what cost (wall time, peak
 * memory). Written next to every model, repair and report as {@code provenance.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Provenance {
    /** An input artefact: what it was used as, its name or path, and its SHA-256. */
    public record Input(String role, String name, String sha256) {
    }

    public String kind;
    public String createdAt;
    public String command;
    public String kintsugiVersion;
    public String kintsugiCommit;
    public String javaVersion;
    public String djlVersion;
    public String pytorchVersion;
    public String os;
    public Integer threads;
    /** What bit-identical repeats depend on besides threads: oneDNN's instruction set and kernel workarounds. */
    public String cpuIsa;
    public String kernelWorkarounds;
    public Long seed;
    public List<Input> inputs = new ArrayList<>();
    public Map<String, Object> parameters = new LinkedHashMap<>();
    /**
     * SHA-256 of each file written beside this record, by file name; null in folders saved before it was
     * recorded. Loading a model checks them ({@link ProvenanceCheck}).
     */
    public java.util.SortedMap<String, String> files;
    public Double wallTimeSeconds;
    public Long peakRssBytes;

    /** A record of the running environment for an artefact of {@code kind} made by {@code command}. */
    public static Provenance of(String kind, String command) {
        Provenance p = new Provenance();
        p.kind = kind;
        p.createdAt = Instant.now().toString();
        p.command = command;
        Properties build = buildInfo();
        p.kintsugiVersion = build.getProperty("version", "unknown");
        p.kintsugiCommit = build.getProperty("commit", "unknown");
        p.javaVersion = System.getProperty("java.version");
        p.djlVersion = Engines.djlVersion();
        p.pytorchVersion = Engines.pytorchVersion();
        p.os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        p.threads = Engines.threads();
        p.cpuIsa = dev.kintsugi.model.CpuIsa.describe();
        p.kernelWorkarounds = dev.kintsugi.model.KernelWorkarounds.describe();
        return p;
    }

    public Provenance seed(long value) {
        this.seed = value;
        return this;
    }

    public Provenance input(String role, String name, String sha256) {
        inputs.add(new Input(role, name, sha256));
        return this;
    }

    public Provenance parameter(String key, Object value) {
        parameters.put(key, value);
        return this;
    }

    /** Records wall time since {@code startNanos} and the process's peak memory so far. */
    public Provenance cost(long startNanos) {
        wallTimeSeconds = (System.nanoTime() - startNanos) / 1e9;
        peakRssBytes = ProcessStats.peakRssBytes();
        return this;
    }

    /** Version and git commit, written into the jar at build time. */
    public static Properties buildInfo() {
        Properties props = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/kintsugi-build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // Unknown build info is recorded as "unknown"; it must not stop the run.
        }
        return props;
    }
}
