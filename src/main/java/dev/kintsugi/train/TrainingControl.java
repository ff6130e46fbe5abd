package dev.kintsugi.train;

/** Lets listeners stop a run (for example when the doctor has seen enough). */
public final class TrainingControl {
    private volatile String stopReason;

    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public String stopReason() {
        return stopReason;
    }

    public boolean stopRequested() {
        return stopReason != null;
    }
}
