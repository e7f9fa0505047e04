package io.clipdecomp.dashboard;

/**
 * One server-sent event: its type names the part of the page it updates, its data is one line of JSON.
 *
 * @param type the SSE event name
 * @param json the event's data
 */
public record DashboardEvent(String type, String json) {
    /** The event as the {@code text/event-stream} format writes it. */
    public String wireFormat() {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }
}
