package dev.kintsugi.train;

import dev.kintsugi.diagnose.Finding;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Live views of every training run in this process (the dashboard), for as long as they are attached.
 * A watcher sees the runs that commands start deep inside their studies (each seed of a stability study,
 * each attempt of the doctor's repair loop) without every API between the command and the {@link Trainer}
 * passing it down; it is detached when the command ends. Watchers only observe: they must not stop a run,
 * and an exception in one is swallowed so that a live view can never break training.
 */
public final class TrainingWatchers {
    /** A training listener that also hears the doctor's findings as they are made. */
    public interface Watcher extends TrainingListener {
        default void onFinding(int epoch, int step, Finding finding) {
        }
    }

    private static final List<Watcher> WATCHERS = new CopyOnWriteArrayList<>();

    private TrainingWatchers() {
    }

    /** Attaches {@code watcher} until the returned handle is closed. */
    public static AutoCloseable attach(Watcher watcher) {
        WATCHERS.add(watcher);
        return () -> WATCHERS.remove(watcher);
    }

    /** The watchers attached now, each wrapped so that its failures stay its own. */
    static List<TrainingListener> current() {
        return WATCHERS.stream().<TrainingListener>map(Guarded::new).toList();
    }

    /** Tells every watcher about a finding of the training doctor. */
    public static void finding(int epoch, int step, Finding finding) {
        for (Watcher w : WATCHERS) {
            try {
                w.onFinding(epoch, step, finding);
            } catch (RuntimeException ignored) {
                // a live view never breaks the run it watches
            }
        }
    }

    private record Guarded(Watcher watcher) implements TrainingListener {
        @Override
        public void onTrainingStart(TrainingStart start) {
            try {
                watcher.onTrainingStart(start);
            } catch (RuntimeException ignored) {
                // see the class comment
            }
        }

        @Override
        public void onBatchEnd(BatchEvent batch) {
            try {
                watcher.onBatchEnd(batch);
            } catch (RuntimeException ignored) {
                // see the class comment
            }
        }

        @Override
        public void onEpochEnd(EpochEvent epoch) {
            try {
                watcher.onEpochEnd(epoch);
            } catch (RuntimeException ignored) {
                // see the class comment
            }
        }

        @Override
        public void onTrainingEnd(TrainingHistory history) {
            try {
                watcher.onTrainingEnd(history);
            } catch (RuntimeException ignored) {
                // see the class comment
            }
        }
    }
}
