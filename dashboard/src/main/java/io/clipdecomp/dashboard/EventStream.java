package io.clipdecomp.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The browsers listening on {@code /events}: every event goes to each; one that has gone is dropped. */
final class EventStream {
    private final List<OutputStream> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener after writing {@code first} to it (the current picture), so it misses nothing. */
    synchronized void add(OutputStream listener, List<DashboardEvent> first) throws IOException {
        for (DashboardEvent e : first) {
            listener.write(e.wireFormat().getBytes(StandardCharsets.UTF_8));
        }
        listener.flush();
        listeners.add(listener);
    }

    /** Sends {@code event} to every listener. */
    synchronized void publish(DashboardEvent event) {
        byte[] bytes = event.wireFormat().getBytes(StandardCharsets.UTF_8);
        for (OutputStream listener : listeners) {
            try {
                listener.write(bytes);
                listener.flush();
            } catch (IOException gone) {
                listeners.remove(listener);
                close(listener);
            }
        }
    }

    /** How many browsers listen. */
    int size() {
        return listeners.size();
    }

    /** Ends every listener's stream. */
    synchronized void closeAll() {
        for (OutputStream listener : listeners) {
            close(listener);
        }
        listeners.clear();
    }

    private static void close(OutputStream listener) {
        try {
            listener.close();
        } catch (IOException alreadyGone) {
            // the browser went first: nothing left to end
        }
    }
}
