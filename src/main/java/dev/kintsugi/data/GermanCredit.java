package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Statlog German Credit data (1,000 applicants, 700 good / 300 bad risks) as Weka's
 * {@code credit-g.arff}.
 *
 * <p>All 20 columns are features (nominal ones one-hot), including {@code age} and
 * {@code personal_status}: the study repairs the model as trained, it does not blind it. For fairness
 * analyses each sample also carries the attributes {@code sex} (from personal_status), {@code age}
 * (its value as written) and {@code age-group} ("old" if age >= 25, the privileged group in AIF360,
 * else "young"). Features are standardised with statistics of the train split only.
 */
public final class GermanCredit {
    public static final String NAME = "german-credit";
    public static final String LABEL = "class";
    public static final String ENV_FILE = "KINTSUGI_GERMAN_CREDIT";
    public static final Path SYSTEM_FILE = Path.of("/usr/share/doc/weka/examples/credit-g.arff");
    /** Age from which an applicant counts as "old", the privileged group as in AIF360. */
    public static final double OLD_FROM_AGE = 25;

    private GermanCredit() {
    }

    public static Splits load(long seed) {
        return load(seed, candidates(System::getenv)).splits();
    }

    static StandardizedSplits load(long seed, List<Path> candidates) {
        for (Path f : candidates) {
            if (Files.isRegularFile(f)) {
                return load(f, seed);
            }
        }
        List<String> places = candidates.stream().map(Path::toString).toList();
        throw new KintsugiException("German Credit (credit-g.arff) not found in " + String.join(", ", places)
                + "; install the Debian package weka or set " + ENV_FILE + " to the file");
    }

    /** Where to look, in order: Weka's examples (plain or gzipped), then {@code $KINTSUGI_GERMAN_CREDIT}. */
    static List<Path> candidates(Function<String, String> env) {
        List<Path> files = new ArrayList<>(List.of(SYSTEM_FILE, Path.of(SYSTEM_FILE + ".gz")));
        String fromEnv = env.apply(ENV_FILE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            files.add(Path.of(fromEnv));
        }
        return files;
    }

    public static StandardizedSplits load(Path file, long seed) {
        Table table = ArffReader.read(file);
        Dataset all = TabularEncoder.encode(NAME, table, LABEL, attributes(table));
        return Standardizer.fitAndApply(StratifiedSplitter.fourWay(all, seed));
    }

    /** The fairness attributes {@code sex}, {@code age} and {@code age-group} of every row. */
    static Map<String, String[]> attributes(Table table) {
        String[] status = table.columnValues("personal_status");
        String[] age = table.columnValues("age");
        String[] sex = new String[status.length];
        String[] ageGroup = new String[age.length];
        for (int r = 0; r < status.length; r++) {
            if (status[r].startsWith("female")) {
                sex[r] = "female";
            } else if (status[r].startsWith("male")) {
                sex[r] = "male";
            } else {
                throw new KintsugiException(table.source() + " line " + table.line(r) + ": personal_status '"
                        + status[r] + "' does not say male or female");
            }
            ageGroup[r] = Double.parseDouble(age[r]) >= OLD_FROM_AGE ? "old" : "young";
        }
        Map<String, String[]> attributes = new LinkedHashMap<>();
        attributes.put("sex", sex);
        attributes.put("age", age);
        attributes.put("age-group", ageGroup);
        return attributes;
    }
}
