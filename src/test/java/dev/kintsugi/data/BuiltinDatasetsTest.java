package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltinDatasetsTest {
    @TempDir
    Path dir;

    @Test
    void namesAndUnknownName() {
        assertThat(BuiltinDatasets.names()).containsExactly("fashion-mnist", "german-credit", "fashion-bg", "fashion-s", "mnist");
        assertThatThrownBy(() -> BuiltinDatasets.load("cifar", 0)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("unknown built-in dataset 'cifar'")
                .hasMessageContaining("fashion-mnist, german-credit, fashion-bg, fashion-s");
    }

    @Test
    void fashionMnistSearchOrderRespectsTheEnvironment() {
        Map<String, String> env = Map.of("KINTSUGI_CACHE", "/c", "KINTSUGI_FASHION_MNIST", "/e");

        assertThat(FashionMnist.candidates(env::get)).containsExactly(FashionMnist.SYSTEM_DIR,
                Path.of("/c/fashion-mnist"), Path.of("/e"));
        assertThat(FashionMnist.candidates(k -> null).get(1))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "kintsugi", "fashion-mnist"));
    }

    @Test
    void fashionMnistLoadsFromTheFirstCompleteCandidate() throws IOException {
        Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
        Path complete = IdxFixtures.fashionMnistDirectory(dir.resolve("cache"), 200, 100);

        Splits s = FashionMnist.load(3, List.of(incomplete, complete));

        assertThat(s.describe()).isEqualTo(
                "fashion-mnist (training file 90/10 -> train/valid, test file 50/50 -> repair/test, stratified,"
                        + " seed 3): train 180 / valid 20 / repair 50 / test 50");
        assertThat(s.train().classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
    }

    @Test
    void fashionMnistMissingSaysWhereItLookedAndWhatToDo() {
        assertThatThrownBy(() -> FashionMnist.load(0, List.of(dir.resolve("a"), dir.resolve("b"))))
                .hasMessageContaining("Fashion-MNIST not found in " + dir.resolve("a") + ", " + dir.resolve("b"))
                .hasMessageContaining("install the Debian package dataset-fashion-mnist")
                .hasMessageContaining("kintsugi data fetch fashion-mnist");
    }

    @Test
    void realFashionMnist() {
        dev.kintsugi.testing.Resources.require(FashionMnist.isIdxDirectory(FashionMnist.SYSTEM_DIR), "Fashion-MNIST is not installed");

        Splits s = BuiltinDatasets.load("fashion-mnist", 0);

        assertThat(new int[] {s.train().size(), s.valid().size(), s.repair().size(), s.test().size()})
                .containsExactly(54_000, 6_000, 5_000, 5_000);
        int[] trainingFile = new int[10];
        for (Dataset part : List.of(s.train(), s.valid())) {
            int[] counts = part.classCounts();
            Arrays.setAll(trainingFile, c -> trainingFile[c] + counts[c]);
        }
        assertThat(trainingFile).containsOnly(6_000);
        assertThat(s.train().sampleShape()).containsExactly(1, 28, 28);
    }

    @Test
    void germanCreditSearchOrderAndMissingMessage() {
        assertThat(GermanCredit.candidates(Map.of("KINTSUGI_GERMAN_CREDIT", "/g.arff")::get)).containsExactly(
                GermanCredit.SYSTEM_FILE, Path.of(GermanCredit.SYSTEM_FILE + ".gz"), Path.of("/g.arff"));
        assertThatThrownBy(() -> GermanCredit.load(0, List.of(dir.resolve("none.arff"))))
                .hasMessageContaining("credit-g.arff").hasMessageContaining("none.arff")
                .hasMessageContaining("install the Debian package weka");
    }

    @Test
    void realGermanCredit() {
        dev.kintsugi.testing.Resources.require(GermanCredit.candidates(System::getenv).stream().anyMatch(Files::isRegularFile),
                "Weka's credit-g.arff(.gz) is not installed");

        StandardizedSplits prepared = GermanCredit.load(0, GermanCredit.candidates(System::getenv));
        Splits s = prepared.splits();

        List<Dataset> parts = List.of(s.train(), s.valid(), s.repair(), s.test());
        assertThat(parts.stream().mapToInt(Dataset::size).sum()).isEqualTo(1_000);
        assertThat(s.train().classNames()).containsExactly("good", "bad");
        int good = parts.stream().mapToInt(d -> d.classCounts()[0]).sum();
        assertThat(good).isEqualTo(700);
        long male = parts.stream().flatMap(d -> Arrays.stream(d.attribute("sex"))).filter("male"::equals).count();
        long female = parts.stream().flatMap(d -> Arrays.stream(d.attribute("sex"))).filter("female"::equals).count();
        assertThat(male).isEqualTo(690);
        assertThat(female).isEqualTo(310);
        // 7 numeric columns plus 56 one-hot values of the 13 nominal columns.
        assertThat(s.train().sampleShape()).containsExactly(63);
        assertThat(prepared.standardizer().mean()).hasSize(63);
        assertThat(s.source()).contains("standardised on train");
    }
}
