package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArffReaderTest {
    static final String CREDITISH = """
            % a comment
            @relation 'tiny credit'
            @attribute 'checking status' { '<0', "0<=X<200", 'no checking'}
            @attribute duration numeric
            @ATTRIBUTE purpose {radio/tv, 'new car'}
            @attribute amount REAL
            @attribute class { good, bad}

            @data
            '<0',6,radio/tv,1169,good
            "0<=X<200", 48 ,'new car',5951,bad
            % comment between rows
            'no checking',12,'new car',2096,good
            '<0',42,radio/tv,7882,bad
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void parsesQuotedNamesAndValues() throws IOException {
        Table t = ArffReader.read(write("c.arff", CREDITISH));

        assertThat(t.columns()).extracting(Table.Column::name)
                .containsExactly("checking status", "duration", "purpose", "amount", "class");
        assertThat(t.columns().get(0).values()).containsExactly("<0", "0<=X<200", "no checking");
        assertThat(t.columns().get(1).kind()).isEqualTo(Table.Kind.NUMERIC);
        assertThat(t.rowCount()).isEqualTo(4);
        assertThat(t.value(1, 0)).isEqualTo("0<=X<200");
        assertThat(t.value(1, 1)).isEqualTo("48");
        assertThat(t.value(1, 2)).isEqualTo("new car");
        assertThat(t.line(2)).isEqualTo(13);
    }

    @Test
    void readsGzippedArff() throws IOException {
        Path f = Files.write(dir.resolve("c.arff.gz"), IdxFixtures.gzip(CREDITISH.getBytes(StandardCharsets.UTF_8)));

        assertThat(ArffReader.read(f).rowCount()).isEqualTo(4);
    }

    @Test
    void oneHotEncodesNominalsInDeclaredOrder() throws IOException {
        Table t = ArffReader.read(write("c.arff", CREDITISH));

        Dataset d = TabularEncoder.encode("c", t, TabularEncoder.defaultLabelColumn(t), Map.of());

        assertThat(TabularEncoder.featureNames(t, "class")).containsExactly("checking status=<0",
                "checking status=0<=X<200", "checking status=no checking", "duration", "purpose=radio/tv",
                "purpose=new car", "amount");
        assertThat(d.sampleShape()).containsExactly(7);
        assertThat(d.sample(1)).containsExactly(0, 1, 0, 48, 0, 1, 5951);
        assertThat(d.classNames()).containsExactly("good", "bad");
        assertThat(d.labels()).containsExactly(0, 1, 0, 1);
    }

    @Test
    void labelDefaultsToLastAttributeWithoutAClassColumn() throws IOException {
        Table t = ArffReader.read(write("w.arff", """
                @relation w
                @attribute x numeric
                @attribute play {yes, no}
                @data
                1,yes
                """));
        assertThat(TabularEncoder.defaultLabelColumn(t)).isEqualTo("play");
    }

    @Test
    void unknownNominalValueNamesFileLineAndValue() throws IOException {
        Path f = write("bad.arff", CREDITISH.replace("'new car',2096", "'spaceship',2096"));

        assertThatThrownBy(() -> ArffReader.read(f)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("bad.arff line 13").hasMessageContaining("unknown value 'spaceship'")
                .hasMessageContaining("purpose");
    }

    @Test
    void missingValueIsAnError() throws IOException {
        Path f = write("missing.arff", CREDITISH.replace("'<0',42", "'<0',?"));

        assertThatThrownBy(() -> ArffReader.read(f)).hasMessageContaining("missing.arff line 14")
                .hasMessageContaining("missing value '?'");
    }

    @Test
    void infiniteNumericValueIsAnError() throws IOException {
        Path f = write("inf.arff", CREDITISH.replace("'<0',42", "'<0',Infinity"));

        assertThatThrownBy(() -> ArffReader.read(f)).hasMessageContaining("inf.arff line 14")
                .hasMessageContaining("not finite");
    }

    @Test
    void wrongNumberOfValuesIsAnError() throws IOException {
        Path f = write("short.arff", CREDITISH.replace("'<0',42,radio/tv,7882,bad", "'<0',42,bad"));

        assertThatThrownBy(() -> ArffReader.read(f)).hasMessageContaining("short.arff line 14")
                .hasMessageContaining("3 values but 5 attributes");
    }
}
