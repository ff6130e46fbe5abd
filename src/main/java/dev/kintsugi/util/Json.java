package dev.kintsugi.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.nio.file.Path;

/** One Jackson configuration for every JSON file Kintsugi reads or writes. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Writes {@code value} as pretty JSON, atomically. */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, toString(value) + "\n");
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            T value = MAPPER.readValue(file.toFile(), type);
            if (value == null) {
                // the file says `null`: Jackson returns it as such, and every caller would dereference it
                throw new KintsugiException(file + ": not a valid " + type.getSimpleName() + " JSON file (it is null)");
            }
            return value;
        } catch (IOException e) {
            throw new KintsugiException(file + ": not a valid " + type.getSimpleName() + " JSON file ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }
}
