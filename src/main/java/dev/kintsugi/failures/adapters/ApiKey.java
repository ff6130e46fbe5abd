package dev.kintsugi.failures.adapters;

import dev.kintsugi.KintsugiException;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * An API key read from an environment variable the user names. Only the variable's name is ever shown
 * ({@link #toString()}, provenance, errors); {@link #scrub(String)} removes the key from any text an endpoint
 * sends back before it reaches a message.
 */
public final class ApiKey {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String variable;
    private final String value;

    private ApiKey(String variable, String value) {
        this.variable = variable;
        this.value = value;
    }

    /** The key in the environment variable {@code variable}; refused if the name is odd or the variable is unset. */
    public static ApiKey fromEnvironment(String variable) {
        return fromEnvironment(variable, System.getenv());
    }

    static ApiKey fromEnvironment(String variable, Map<String, String> environment) {
        if (variable == null || !NAME.matcher(variable).matches()) {
            throw new KintsugiException("--api-key-env takes the NAME of an environment variable (letters, digits, "
                    + "underscores), not the key itself");
        }
        String v = environment.get(variable);
        if (v == null || v.isBlank()) {
            throw new KintsugiException("the environment variable " + variable + " is not set; it should hold the "
                    + "API key");
        }
        return new ApiKey(variable, v.strip());
    }

    /** The variable's name, safe to show and record. */
    public String variable() {
        return variable;
    }

    /** The header value {@code Bearer <key>}. */
    String bearer() {
        return "Bearer " + value;
    }

    /**
     * {@code text} with every occurrence of the key replaced by {@code ***}: as sent, with its characters
     * escaped as a JSON server may echo them (a slash as backslash-slash or a backslash-u escape), and in any
     * letter case.
     */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : new String[] {value, jsonEscaped(value, false), jsonEscaped(value, true)}) {
            out = Pattern.compile(Pattern.quote(form), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                    .matcher(out).replaceAll("***");
        }
        return out;
    }

    /** The key as JSON may write it: "/" as "\/", and (with {@code unicode}) every non-alphanumeric as \\uXXXX. */
    private static String jsonEscaped(String key, boolean unicode) {
        StringBuilder sb = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (unicode && !Character.isLetterOrDigit(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (c == '/') {
                sb.append("\\/");
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "API key from $" + variable;
    }
}
