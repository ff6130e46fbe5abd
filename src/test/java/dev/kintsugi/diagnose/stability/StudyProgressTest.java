package dev.kintsugi.diagnose.stability;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StudyProgressTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void theEtaIsThePaceOfThisProcessSoParallelRunsAreNotCountedTwice() {
        AtomicLong clock = new AtomicLong(0);
        StudyProgress p = new StudyProgress(10, clock::get);
        p.skipped(); // resumed: took its time elsewhere
        assertThat(p.line()).isEqualTo("runs [#---------] 1/10 ETA ?");
        // two runs of 60 s each, trained side by side, both done after 60 s of wall time
        clock.set(60 * SECOND);
        p.finished();
        p.finished();
        // 60 s per two runs = 30 s a run, 7 left: 3m30s (summing the runs' own 60 s would say 7m00s)
        assertThat(p.line()).isEqualTo("runs [###-------] 3/10 ETA 3m30s");
        assertThat(p.shortLine(4)).isEqualTo("run 4/10 ETA 3m30s");
        assertThat(p.done()).isEqualTo(3);
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(StudyProgress.duration(59.4)).isEqualTo("59s");
        assertThat(StudyProgress.duration(60)).isEqualTo("1m00s");
        assertThat(StudyProgress.duration(3600)).isEqualTo("1h00m");
        assertThat(StudyProgress.duration(3725)).isEqualTo("1h02m");
    }
}
