package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model of a group: a name, its architecture family (the zoo architecture, which groups the IoU heatmap
 * and collective debugging), zoo options and a training seed.
 */
public record GroupMember(String name, String family, Map<String, String> options, long seed) {
    public GroupMember {
        options = Map.copyOf(options);
    }

    /**
     * Parses {@code NAME=ARCH[:KEY=VALUE[;KEY=VALUE...]]}, e.g. {@code cnn-wide=cnn:channels=32,64;hidden=128}
     * (semicolons separate options because values may hold commas), for one seed.
     */
    public static GroupMember parse(String text, long seed) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new KintsugiException("group member '" + text + "' must look like NAME=ARCH[:KEY=VALUE;...]");
        }
        String name = text.substring(0, eq).trim();
        String rest = text.substring(eq + 1);
        int colon = rest.indexOf(':');
        String arch = (colon < 0 ? rest : rest.substring(0, colon)).trim();
        if (arch.isEmpty()) {
            throw new KintsugiException("group member '" + text + "' names no architecture");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0 && !rest.substring(colon + 1).isBlank()) {
            for (String kv : rest.substring(colon + 1).split(";")) {
                int e = kv.indexOf('=');
                if (e <= 0) {
                    throw new KintsugiException("group member '" + text + "': option '" + kv + "' must be KEY=VALUE");
                }
                options.put(kv.substring(0, e).trim(), kv.substring(e + 1).trim());
            }
        }
        return new GroupMember(name + "/s" + seed, arch, options, seed);
    }
}
