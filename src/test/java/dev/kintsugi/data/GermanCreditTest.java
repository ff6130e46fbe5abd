package dev.kintsugi.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GermanCreditTest {
    @TempDir
    Path dir;

    private Table table(String... rows) throws IOException {
        String text = """
                @relation g
                @attribute personal_status { 'male div/sep', 'female div/dep/mar', 'male single', 'male mar/wid', 'female single', other}
                @attribute age numeric
                @attribute class { good, bad}
                @data
                """ + String.join("\n", rows) + "\n";
        return ArffReader.read(Files.writeString(dir.resolve("g.arff"), text));
    }

    @Test
    void derivesSexAgeAndAgeGroup() throws IOException {
        Table t = table("'male div/sep',24,good", "'female div/dep/mar',25,bad", "'male single',67,good",
                "'male mar/wid',19,good", "'female single',30,bad");

        Map<String, String[]> a = GermanCredit.attributes(t);

        assertThat(a.get("sex")).containsExactly("male", "female", "male", "male", "female");
        assertThat(a.get("age")).containsExactly("24", "25", "67", "19", "30");
        assertThat(a.get("age-group")).containsExactly("young", "old", "old", "young", "old");
    }

    @Test
    void personalStatusWithoutSexIsAnError() throws IOException {
        Table t = table("'male single',30,good", "other,30,good");

        assertThatThrownBy(() -> GermanCredit.attributes(t)).hasMessageContaining("g.arff line 7")
                .hasMessageContaining("personal_status 'other'");
    }
}
