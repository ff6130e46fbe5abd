package dev.kintsugi.data;

import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SplitsDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void tabularSplitsRoundTripThroughCsvExactly() throws Exception {
        Dataset blobs = TestData.blobs("blobs", 200, 3, 4, 1);
        String[] group = new String[blobs.size()];
        java.util.Arrays.setAll(group, i -> i % 2 == 0 ? "a,b" : "c");
        Splits splits = StratifiedSplitter.fourWay(new Dataset("blobs", new int[] {3}, blobs.featuresView(),
                blobs.labels(), blobs.classNames(), Map.of("group", group)), 0);
        Path dir = Files.createDirectories(tmp.resolve("csv"));
        assertThat(SplitsDirectory.write(splits, dir).encoding()).isEqualTo("csv");
        Splits back = DatasetResolver.resolve(dir.toString(), 123);
        assertSame(splits, back);
        assertThat(back.train().attribute("group")).isEqualTo(splits.train().attribute("group"));
    }

    @Test
    void greyscaleImagesRoundTripThroughIdxExactly() throws Exception {
        Dataset bands = TestData.bands("bands", 120, 8, 4, 1);
        float[] x = bands.featuresView().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(x[i] * 255f) / 255f; // on the 8-bit grid, like IDX-loaded data
        }
        Splits splits = StratifiedSplitter.fourWay(bands.withFeatures("bands", x), 0);
        Path dir = Files.createDirectories(tmp.resolve("idx"));
        assertThat(SplitsDirectory.write(splits, dir).encoding()).isEqualTo("idx");
        assertThat(dir.resolve("train-images-idx3-ubyte")).exists();
        assertSame(splits, DatasetResolver.resolve(dir.toString(), 0));
    }

    private static void assertSame(Splits expected, Splits actual) {
        Dataset[] e = {expected.train(), expected.valid(), expected.repair(), expected.test()};
        Dataset[] a = {actual.train(), actual.valid(), actual.repair(), actual.test()};
        for (int s = 0; s < e.length; s++) {
            assertThat(a[s].sampleShape()).isEqualTo(e[s].sampleShape());
            assertThat(a[s].classNames()).isEqualTo(e[s].classNames());
            assertThat(a[s].labels()).isEqualTo(e[s].labels());
            assertThat(a[s].featuresView()).isEqualTo(e[s].featuresView());
        }
    }
}
