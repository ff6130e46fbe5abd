package dev.kintsugi.util;

import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarsTest {

    private static List<String> run(boolean finishLine, Duration longStep) throws InterruptedException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = ProgressBars.create("task", 20, out, finishLine, false, longStep, 5)) {
            for (int i = 0; i < 20; i++) {
                bar.step();
                bar.setExtraMessage("loss 0.5");
                Thread.sleep(25);
            }
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        return text.lines().toList();
    }

    @Test
    void aLongStepInALogPrintsOneLinePerTenthThenTheEnd() throws InterruptedException {
        List<String> lines = run(true, Duration.ZERO);
        assertThat(lines.size()).isBetween(2, 11);
        assertThat(lines).allMatch(l -> l.startsWith("task: "));
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.contains("%") && l.contains("ETA"));
        assertThat(lines.get(lines.size() - 1)).startsWith("task: 20/20 in ").endsWith("loss 0.5");
        // the percentages only grow: one line per tenth, never repeated
        List<Integer> pct = lines.subList(0, lines.size() - 1).stream()
                .map(l -> Integer.parseInt(l.replaceAll("^task: (\\d+)%.*$", "$1"))).toList();
        assertThat(pct).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aShortStepPrintsOnlyItsEndAndTrainingsBarNothing() throws InterruptedException {
        assertThat(run(true, Duration.ofHours(1))).singleElement().asString().startsWith("task: 20/20 in ");
        assertThat(run(false, Duration.ofHours(1))).isEmpty();
    }

    @Test
    void terminalsAreTtyAndPtsDevicesNotFilesOrPipes() {
        assertThat(Terminals.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminals.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminals.isTerminalDevice("/tmp/log")).isFalse();
        assertThat(Terminals.isTerminalDevice("pipe:[12345]")).isFalse();
        assertThat(Terminals.isTerminal(new PrintStream(new ByteArrayOutputStream()))).isFalse();
    }
}
