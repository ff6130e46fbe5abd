package dev.kintsugi.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The run's events as a Server-Sent Events stream. Every event is kept, so a page opened (or reloaded)
 * late replays the run from its start; events of a kind marked as a snapshot (progress) keep only their
 * latest value per key. Publishing never waits on a browser: each connected page has its own queue,
 * drained by the thread serving it, and a page that is closed only ends that thread.
 */
final class EventHub {
    /** One event: its SSE type and its JSON body. */
    record Event(String type, String json) {
        byte[] sse(long id) {
            // SSE ends a data field at a newline; a multi-line body needs a data field per line
            return ("id: " + id + "\nevent: " + type + "\ndata: " + json.replace("\n", "\ndata: ") + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final Event END_OF_STREAM = new Event("", "");
    /** A comment line this often keeps proxies from timing out and finds pages that went away. */
    static final long HEARTBEAT_MILLIS = 10_000;

    private final List<Event> history = new ArrayList<>();
    private final Map<String, Event> snapshots = new LinkedHashMap<>();
    private final List<BlockingQueue<Event>> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Appends an event and hands it to every connected page. */
    synchronized void publish(String type, String json) {
        Event e = new Event(type, json);
        history.add(e);
        clients.forEach(q -> q.offer(e));
    }

    /** Like {@link #publish}, but only the latest event per key is replayed to a page that connects later. */
    synchronized void publishSnapshot(String type, String key, String json) {
        Event e = new Event(type, json);
        snapshots.put(type + "\u0000" + key, e);
        clients.forEach(q -> q.offer(e));
    }

    /** Every event so far, in order, with the latest snapshots last. */
    synchronized List<Event> replay() {
        List<Event> all = new ArrayList<>(history);
        all.addAll(snapshots.values());
        return all;
    }

    int connectedPages() {
        return clients.size();
    }

    /**
     * Streams the run to one page until it goes away or the hub closes; called on the server thread that
     * serves the page's {@code /events} request.
     */
    void stream(OutputStream out) throws IOException {
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        List<Event> past;
        synchronized (this) {
            past = replay();
            clients.add(queue);
        }
        long id = 0;
        try {
            for (Event e : past) {
                out.write(e.sse(id++));
            }
            out.flush();
            while (!closed) {
                Event e = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (e == END_OF_STREAM) {
                    break;
                }
                out.write(e == null ? ":\n\n".getBytes(StandardCharsets.UTF_8) : e.sse(id++));
                // drain what else is waiting before the flush, so a burst is one write
                for (Event more = queue.poll(); more != null && more != END_OF_STREAM; more = queue.poll()) {
                    out.write(more.sse(id++));
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(queue);
        }
    }

    /** Ends every stream (the server is stopping). */
    void close() {
        closed = true;
        clients.forEach(q -> q.offer(END_OF_STREAM));
    }
}
