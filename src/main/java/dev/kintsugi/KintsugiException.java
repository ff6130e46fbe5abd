package dev.kintsugi;

/**
 * A failure the user can act on: bad input, a missing file, an impossible option. The CLI prints its
 * message as one line and exits non-zero; anything else that escapes is a bug and shows a stack trace
 * only with {@code --verbose}.
 */
public class KintsugiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KintsugiException(String message) {
        super(message);
    }

    public KintsugiException(String message, Throwable cause) {
        super(message, cause);
    }
}
