package io.clipdecomp.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard: one page ({@code /}) and its live updates ({@code /events}, server-sent events) on one address,
 * fed by the result topics of one Kafka cluster.
 *
 * <pre>{@code
 * try (DashboardServer dashboard = DashboardServer.start(bootstrap, ResultTopics.DEFAULT, RecordSizePolicy.DEFAULT,
 *         Map.of(), new InetSocketAddress("127.0.0.1", 8080))) {
 *     System.out.println("dashboard on " + dashboard.uri());
 *     ...
 * }
 * }</pre>
 */
public final class DashboardServer implements AutoCloseable {
    /** The address it binds unless told otherwise: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port {@code demo} serves it on unless told otherwise. */
    public static final int DEFAULT_PORT = 8080;
    private static final String PAGE = "dashboard.html";

    private final HttpServer http;
    private final ExecutorService handlers;
    private final EventStream events;
    private final ResultFeed feed;
    private final Thread feedThread;

    private DashboardServer(HttpServer http, ExecutorService handlers, EventStream events, ResultFeed feed) {
        this.http = http;
        this.handlers = handlers;
        this.events = events;
        this.feed = feed;
        this.feedThread = new Thread(feed, "clipdecomp-dashboard-feed");
        feedThread.setDaemon(true);
    }

    /**
     * Binds {@code address} (port 0: any free one), starts reading the topics and serving the page.
     *
     * @throws IOException if the address cannot be bound (e.g. the port is taken)
     */
    public static DashboardServer start(String bootstrapServers, ResultTopics topics, RecordSizePolicy sizePolicy,
                                        Map<String, String> clientProperties, InetSocketAddress address)
            throws IOException {
        DashboardState state = new DashboardState();
        EventStream events = new EventStream();
        ResultFeed feed = new ResultFeed(bootstrapServers, topics, sizePolicy, clientProperties, state,
                events::publish);
        HttpServer http = HttpServer.create(address, 0);
        // each listening browser holds a handler thread for as long as it stays
        ExecutorService handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "clipdecomp-dashboard-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        DashboardServer server = new DashboardServer(http, handlers, events, feed);
        http.createContext("/", server::page);
        http.createContext("/events", exchange -> server.listen(exchange, state));
        http.start();
        server.feedThread.start();
        return server;
    }

    /** Where a browser finds the page. */
    public URI uri() {
        InetSocketAddress a = http.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
    }

    /** Browsers listening now. */
    public int listeners() {
        return events.size();
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] html;
            try (InputStream in = DashboardServer.class.getResourceAsStream(PAGE)) {
                if (in == null) {
                    throw new IllegalStateException(PAGE + " is missing from the dashboard's jar");
                }
                html = in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
        }
    }

    private void listen(HttpExchange exchange, DashboardState state) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        events.add(body, state.snapshot(System.nanoTime()));
        // the exchange stays open: the stream ends when the browser goes or the server closes
    }

    @Override
    public void close() {
        feed.stop();
        events.closeAll();
        http.stop(0);
        handlers.shutdownNow();
        try {
            feedThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
