package dev.kintsugi.util;

/**
 * For worker processes: exit when the process that started us dies, so a killed study (or a lost cluster
 * executor) leaves no cell running behind it, holding cores and writing into a folder nobody reads any more.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    /** Halts this JVM with status 3 within half a second of its parent's death. */
    public static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                while (true) {
                    if (!parent.isAlive()) {
                        Runtime.getRuntime().halt(3);
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        });
    }
}
