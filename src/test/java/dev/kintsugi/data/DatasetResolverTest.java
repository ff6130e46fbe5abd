package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetResolverTest {
    @TempDir
    Path dir;

    private static String rows(int n, java.util.function.IntFunction<String> row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(row.apply(i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void idxDirectoryGetsNumberedClasses() throws IOException {
        Path idx = IdxFixtures.fashionMnistDirectory(dir.resolve("my-idx"), 200, 100);

        Splits s = DatasetResolver.resolve(idx.toString(), 0);

        assertThat(s.train().name()).isEqualTo("my-idx/train");
        assertThat(s.train().classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(s.train().size() + s.valid().size()).isEqualTo(200);
    }

    @Test
    void arffFileUsesTheLastAttributeAndIsStandardised() throws IOException {
        Path f = Files.writeString(dir.resolve("toy.arff"), "@relation t\n@attribute x numeric\n@attribute c {p, q}\n@data\n"
                + rows(100, i -> i + "," + (i % 2 == 0 ? "p" : "q")));

        Splits s = DatasetResolver.resolve(f.toString(), 0);

        assertThat(s.test().name()).isEqualTo("toy/test");
        assertThat(s.train().classNames()).containsExactly("p", "q");
        double mean = 0;
        for (float v : s.train().featuresView()) {
            mean += v;
        }
        assertThat(mean / s.train().size()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void csvFileWithLabelSuffix() throws IOException {
        Path f = Files.writeString(dir.resolve("d.csv"), "a,y\n" + rows(60, i -> i + "," + (i % 3)));

        Splits s = DatasetResolver.resolve(f + ":label=y", 1);

        assertThat(s.train().classNames()).containsExactly("0", "1", "2");
        assertThat(s.source()).startsWith("d (80/20");
    }

    @Test
    void imageFolder() throws IOException {
        for (String c : new String[] {"cat", "dog"}) {
            Path cls = Files.createDirectories(dir.resolve("pets").resolve(c));
            for (int i = 0; i < 10; i++) {
                ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY), "png",
                        cls.resolve(i + ".png").toFile());
            }
        }

        Splits s = DatasetResolver.resolve(dir.resolve("pets").toString(), 0);

        assertThat(s.train().classNames()).containsExactly("cat", "dog");
        assertThat(s.train().sampleShape()).containsExactly(1, 2, 3);
    }

    @Test
    void unknownSpecListsTheBuiltInNames() {
        assertThatThrownBy(() -> DatasetResolver.resolve("mnist-typo", 0)).isInstanceOf(KintsugiException.class)
                .hasMessage("'mnist-typo' is neither a built-in dataset (fashion-mnist, german-credit, fashion-bg, fashion-s, mnist) nor an"
                        + " existing file or directory");
    }

    @Test
    void unsupportedFileType() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.txt"), "hello");

        assertThatThrownBy(() -> DatasetResolver.resolve(f.toString(), 0)).hasMessageContaining("notes.txt")
                .hasMessageContaining("unsupported dataset file");
    }
}
