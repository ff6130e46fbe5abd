package dev.kintsugi.util;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Optional;

/**
 * The first difference between two JSON trees, as "path: recorded X, now Y". Resumable studies record the
 * settings they started with and refuse to continue under other ones; this names the setting that differs.
 */
public final class JsonDifference {
    private JsonDifference() {
    }

    /** The first difference between {@code recorded} and {@code now}, both serialised with {@link Json#mapper()}. */
    public static Optional<String> between(Object recorded, Object now) {
        return difference("", Json.mapper().valueToTree(recorded), Json.mapper().valueToTree(now));
    }

    private static Optional<String> difference(String path, JsonNode recorded, JsonNode now) {
        if (recorded.isObject() && now.isObject()) {
            Iterator<String> names = recorded.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                JsonNode other = now.get(name);
                String at = path.isEmpty() ? name : path + "." + name;
                if (other == null) {
                    return Optional.of(at + ": recorded " + recorded.get(name) + ", now absent");
                }
                Optional<String> d = difference(at, recorded.get(name), other);
                if (d.isPresent()) {
                    return d;
                }
            }
            Iterator<String> added = now.fieldNames();
            while (added.hasNext()) {
                String name = added.next();
                if (!recorded.has(name)) {
                    return Optional.of((path.isEmpty() ? name : path + "." + name) + ": not recorded, now " + now.get(name));
                }
            }
            return Optional.empty();
        }
        return recorded.equals(now) ? Optional.empty() : Optional.of(path + ": recorded " + recorded + ", now " + now);
    }
}
