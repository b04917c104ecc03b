package io.countersign.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A service's operational endpoints on the JDK's HTTP server, for services that have no HTTP server of
 * their own (the decision pipeline): {@code GET /healthz/live} (200 while the process can work, else
 * 503: restart it), {@code GET /healthz/ready} (200 when it is doing its work, else 503: do not count it
 * yet) and {@code GET /metrics} (Prometheus text). It serves nothing else, reads nothing from requests
 * and writes no topic.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code host:port} (0 picks a free port) and starts serving. */
    public static HealthServer start(String host, int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for the health endpoints ("
                    + e.getMessage() + "); pick another port or stop what uses it", e);
        }
        server.createContext("/healthz/live", x -> health(x, live.getAsBoolean(), "alive", "not alive: restart the process"));
        server.createContext("/healthz/ready", x -> health(x, ready.getAsBoolean(), "ready", "not ready yet: retry shortly"));
        server.createContext("/metrics", x -> send(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.createContext("/", x -> send(x, 404, "text/plain", "only /healthz/live, /healthz/ready and /metrics are served here"));
        // One thread: probes and scrapes are rare, and a slow scrape must not grow a pool.
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new HealthServer(server);
    }

    private static void health(HttpExchange x, boolean ok, String yes, String no) throws IOException {
        send(x, ok ? 200 : 503, "application/json", "{\"status\":\"" + (ok ? yes : no) + "\"}");
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        try (x) {
            if (!"GET".equals(x.getRequestMethod()) && !"HEAD".equals(x.getRequestMethod())) {
                status = 405;
                body = "GET only";
                type = "text/plain";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(x.getRequestMethod());
            x.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    public URI url() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
