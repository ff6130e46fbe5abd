package dev.kintsugi.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    @Test
    void readsFeaturesLabelsAndAttributes() throws IOException {
        Path f = write("""
                x1,group,"y",x2
                1.5,a,"dog",2

                -3,b,cat,4e1
                """);

        Dataset d = CsvReader.read(f, "y", List.of("group"));

        assertThat(d.name()).isEqualTo("data");
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(d.sample(1)).containsExactly(-3, 40);
        assertThat(d.attribute("group")).containsExactly("a", "b");
    }

    @Test
    void raggedRowNamesTheLine() throws IOException {
        Path f = write("a,label\n1,x\n2\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label")).hasMessageContaining("data.csv line 3")
                .hasMessageContaining("1 cells but the header has 2 columns");
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        Path f = write("a,b,label\n1,2,x\n3,oops,y\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label")).hasMessageContaining("data.csv line 3 column 'b'")
                .hasMessageContaining("'oops' is not a number");
    }

    @Test
    void nanAndInfiniteFeaturesAreRejected() throws IOException {
        Path nan = write("a,label\nNaN,x\n");
        assertThatThrownBy(() -> CsvReader.read(nan, "label")).hasMessageContaining("data.csv line 2 column 'a'")
                .hasMessageContaining("not a finite number");

        Path inf = write("a,label\n1,x\n1e400,y\n");
        assertThatThrownBy(() -> CsvReader.read(inf, "label")).hasMessageContaining("data.csv line 3")
                .hasMessageContaining("not a finite number");
    }

    @Test
    void missingLabelColumnListsTheColumns() throws IOException {
        Path f = write("a,b\n1,2\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label")).hasMessageContaining("data.csv")
                .hasMessageContaining("no label column 'label' (columns: a, b)");
    }
}
