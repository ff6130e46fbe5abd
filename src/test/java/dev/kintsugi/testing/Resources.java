package dev.kintsugi.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that need something installed (a Debian dataset, Chromium): outside CI a missing resource skips
 * the test; on CI ({@code CI} set, as .ci/run does) it fails it, so CI never passes by skipping.
 */
public final class Resources {
    private Resources() {
    }

    public static void require(boolean present, String message) {
        if (present) {
            return;
        }
        if (onCi()) {
            fail(message + " (CI is set: a missing resource fails instead of skipping)");
        }
        assumeTrue(false, message + "; skipped outside CI");
    }

    public static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }
}
