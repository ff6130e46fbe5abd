package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inputs built to exhaust memory, hang or slip through: each ends in one clear line. */
class HostileInputsTest {
    @TempDir
    Path dir;

    @Test
    void aGzipBombStopsAtTheTextLimit() throws IOException {
        Path bomb = dir.resolve("bomb.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write("a,label\n".getBytes(StandardCharsets.US_ASCII));
            byte[] row = "1,x\n".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2048; i++) { // 8 MiB of text in a few KiB of gzip
                out.write(row);
            }
        }
        assertThat(Files.size(bomb)).isLessThan(200_000);
        assertThatThrownBy(() -> TextFiles.readLines(bomb, 1 << 20, 1 << 10))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("more than 1 MiB of text");
    }

    @Test
    void aLineWithoutEndStopsAtTheLineLimit() throws IOException {
        Path oneLine = Files.writeString(dir.resolve("cell.csv"), "a,label\n" + "9".repeat(5000) + ",x\n");
        assertThatThrownBy(() -> TextFiles.readLines(oneLine, 1 << 20, 1000))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("line 2 is longer than 1000");
    }

    @Test
    void devicesFifosAndLinksToThemAreRefused() throws Exception {
        Path zero = Files.createSymbolicLink(dir.resolve("zero.csv"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> DatasetResolver.resolve(zero.toString(), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("not a regular file");
        Path fifo = dir.resolve("fifo.arff");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        assertThatThrownBy(() -> DatasetResolver.resolve(fifo.toString(), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> IdxInput.open(zero)).hasMessageContaining("not a regular file");
    }

    @Test
    void aHugePngIsRefusedBeforeDecoding() throws IOException {
        Path cls = Files.createDirectories(dir.resolve("images/cat"));
        Files.createDirectories(dir.resolve("images/dog"));
        Files.write(cls.resolve("big.png"), pngClaiming(40000, 40000));
        assertThatThrownBy(() -> ImageFolderReader.read(dir.resolve("images")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("40000x40000");
    }

    @Test
    void oneClassDataAndStrayLabelsAreRefused() throws IOException {
        Files.writeString(dir.resolve("one.csv"), "a,label\n" + "1,x\n2,x\n3,x\n4,x\n".repeat(20));
        assertThatThrownBy(() -> DatasetResolver.resolve(dir.resolve("one.csv").toString(), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("same label (x)");

        int[] labels = new int[40];
        java.util.Arrays.setAll(labels, i -> i % 10);
        labels[7] = 200;
        Path idx = Files.createDirectories(dir.resolve("idx"));
        for (int f = 0; f < 4; f += 2) {
            Files.write(idx.resolve(FashionMnist.FILES.get(f)), IdxFixtures.images(40, 4, 4));
            Files.write(idx.resolve(FashionMnist.FILES.get(f + 1)), IdxFixtures.labels(labels));
        }
        assertThatThrownBy(() -> DatasetResolver.resolve(idx.toString(), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("class 10 never occurs")
                .hasMessageContaining("label 200 occurs 2 time(s)");
    }

    @Test
    void splitsThatDoNotMatchTheirManifestAreRefused() throws Exception {
        Dataset blobs = TestData.blobs("blobs", 200, 3, 4, 1);
        Path saved = Files.createDirectories(dir.resolve("splits"));
        SplitsDirectory.write(StratifiedSplitter.fourWay(blobs, 0), saved);
        Path test = saved.resolve("test.csv");
        java.util.List<String> lines = Files.readAllLines(test);
        Files.write(test, lines.subList(0, lines.size() - 1));
        assertThatThrownBy(() -> DatasetResolver.resolve(saved.toString(), 0)).hasMessageContaining("samples but");
        lines.set(1, lines.get(1).replaceFirst("^[^,]*", "42.0"));
        Files.write(test, lines);
        assertThatThrownBy(() -> DatasetResolver.resolve(saved.toString(), 0)).hasMessageContaining("checksum");
        Path manifest = saved.resolve(SplitsDirectory.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"encoding\" : \"csv\"", "\"encoding\" : null"));
        assertThatThrownBy(() -> DatasetResolver.resolve(saved.toString(), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("\"encoding\" is missing");
    }

    /** A valid 1x1 PNG whose header claims {@code w}x{@code h} (decoding it would need w*h pixels). */
    static byte[] pngClaiming(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        byte[] png = out.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(png); // signature (8), length (4), "IHDR" (4), width, height
        b.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }
}
