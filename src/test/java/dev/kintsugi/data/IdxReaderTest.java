package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static dev.kintsugi.data.IdxFixtures.gzip;
import static dev.kintsugi.data.IdxFixtures.images;
import static dev.kintsugi.data.IdxFixtures.labels;
import static dev.kintsugi.data.IdxFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {
    private static final List<String> THREE = List.of("a", "b", "c");

    @TempDir
    Path dir;

    @Test
    void roundTripsGzippedAndRawFiles() throws IOException {
        Path img = write(dir.resolve("img.gz"), gzip(images(4, 2, 3)));
        Path lab = write(dir.resolve("lab"), labels(0, 1, 2, 1));

        Dataset d = IdxReader.read("toy/train-file", img, lab, THREE);

        assertThat(d.size()).isEqualTo(4);
        assertThat(d.sampleShape()).containsExactly(1, 2, 3);
        assertThat(d.labels()).containsExactly(0, 1, 2, 1);
        assertThat(d.sample(1)[0]).isEqualTo(6 / 255f);
        for (float v : d.featuresView()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] full = gzip(images(50, 8, 8));
        Path img = write(dir.resolve("cut.gz"), Arrays.copyOf(full, full.length / 2));
        Path lab = write(dir.resolve("lab"), labels(new int[50]));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("cut.gz").hasMessageContaining("truncated");
    }

    @Test
    void aHeaderThatPromisesMoreThanTheFileHoldsFailsBeforeAllocating() throws IOException {
        // 64 images of 4096x4096 is within the 1 GiB limit, but as floats it is 4 GiB: more than the
        // tests' heap. The 26-byte file cannot hold it, which is known before anything is allocated.
        Path img = write(dir.resolve("promise-images"), images(64, 4096, 4096, 10));
        Path lab = write(dir.resolve("lab"), labels(new int[64]));
        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("truncated").hasMessageContaining("holds only 10 more bytes");
        Path gz = write(dir.resolve("promise-images.gz"), gzip(images(64, 4096, 4096, 10)));
        assertThatThrownBy(() -> IdxReader.read("t", gz, lab, THREE)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("truncated").hasMessageContaining("cannot hold that much");
    }

    @Test
    void truncatedRawFile() throws IOException {
        Path img = write(dir.resolve("short-images"), images(5, 2, 2, 7));
        Path lab = write(dir.resolve("lab"), labels(new int[5]));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("short-images")
                .hasMessageContaining("truncated").hasMessageContaining("5 images of 2x2");
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] data = gzip(images(50, 8, 8));
        Arrays.fill(data, 10, 20, (byte) 0xff); // the deflate stream now starts with a reserved block type
        Path img = write(dir.resolve("bad.gz"), data);
        Path lab = write(dir.resolve("lab"), labels(new int[50]));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("bad.gz")
                .hasMessageContaining("corrupt gzip");
    }

    @Test
    void wrongMagicNumber() throws IOException {
        Path img = write(dir.resolve("labels-not-images"), labels(0, 1));
        Path lab = write(dir.resolve("lab"), labels(0, 1));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("labels-not-images")
                .hasMessageContaining("wrong magic number 0x00000801");
    }

    @Test
    void imageAndLabelCountsMustMatch() throws IOException {
        Path img = write(dir.resolve("img"), images(3, 2, 2));
        Path lab = write(dir.resolve("lab"), labels(0, 1));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("img")
                .hasMessageContaining("3 images").hasMessageContaining("2 labels");
    }

    @Test
    void labelOutOfRangeForClassNames() throws IOException {
        Path img = write(dir.resolve("img"), images(2, 2, 2));
        Path lab = write(dir.resolve("lab-file"), labels(0, 7));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("lab-file")
                .hasMessageContaining("label 7 at index 1 is out of range 0..2");
    }

    @Test
    void absurdHeaderFailsBeforeAllocating() throws IOException {
        // The header claims 10^9 images of 4096x4096 (16 PB); only the 16 header bytes exist.
        Path img = write(dir.resolve("huge"), images(1_000_000_000, 4096, 4096, 0));
        Path lab = write(dir.resolve("lab"), labels(0));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("huge")
                .hasMessageContaining("absurd header dimensions");
    }

    @Test
    void sidesAboveTheLimitAreAbsurd() throws IOException {
        Path img = write(dir.resolve("wide"), images(1, 1, 5000, 0));
        Path lab = write(dir.resolve("lab"), labels(0));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("wide")
                .hasMessageContaining("absurd header dimensions");
    }

    @Test
    void configurableByteLimit() throws IOException {
        Path img = write(dir.resolve("img"), images(10, 4, 4));
        Path lab = write(dir.resolve("lab"), labels(new int[10]));

        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE, 100)).hasMessageContaining("above the limit of 100");
    }

    @Test
    void gzipBombStopsAtWhatTheHeaderPromises() throws IOException {
        // 48 bytes promised, 256 MiB of zeros behind them, about 256 KiB on disk.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(images(3, 4, 4));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                out.write(zeros);
            }
        }
        Path img = write(dir.resolve("bomb.gz"), bytes.toByteArray());
        Path lab = write(dir.resolve("lab"), labels(0, 1, 2));

        long start = System.nanoTime();
        assertThatThrownBy(() -> IdxReader.read("t", img, lab, THREE)).hasMessageContaining("bomb.gz")
                .hasMessageContaining("more data than its header declares");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void missingFileIsNamed() {
        Path img = dir.resolve("nowhere");
        assertThatThrownBy(() -> IdxReader.read("t", img, img, THREE)).hasMessageContaining("nowhere")
                .hasMessageContaining("not found");
    }
}
