package io.countersign.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A loopback stand-in for the ingest gateway. Each test scripts answers per {@code "METHOD /path"}
 * (consumed in order; the last one repeats) and inspects the recorded requests afterwards.
 * Unscripted routes answer 404 in the gateway's error format.
 */
final class FakeGateway implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A scripted answer. */
    static final class Reply {
        final int status;
        final String body;
        final Map<String, String> headers = new LinkedHashMap<>();

        Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }

        Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    /** A request as the gateway received it. */
    static final class Recorded {
        final String method;
        final String path;
        final String query;
        final Map<String, List<String>> headers;
        final String body;

        Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.get(0);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> script = new HashMap<>();
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requestIds = new AtomicInteger();

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static Reply json(int status, String body) {
        return new Reply(status, body);
    }

    static Reply error(int status, String code, String message, String field) {
        String fieldJson = field == null ? "" : ", \"field\": \"" + field + "\"";
        return new Reply(status, "{\"error\": \"" + code + "\", \"message\": \"" + message + "\"" + fieldJson
                + ", \"requestId\": \"req-" + status + "\"}");
    }

    /** Queues answers for a route such as {@code "GET /v1/intents/i-1"}. */
    synchronized FakeGateway on(String route, Reply... replies) {
        Deque<Reply> queue = script.computeIfAbsent(route, k -> new ArrayDeque<>());
        Collections.addAll(queue, replies);
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Recorded> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    List<Recorded> requests(String method, String path) {
        return requests().stream().filter(r -> r.method.equals(method) && r.path.equals(path))
                .collect(Collectors.toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        requests.add(new Recorded(method, uri.getPath(), uri.getRawQuery(), headers, body));
        Reply reply = next(method + " " + uri.getPath());
        byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Request-Id", "hdr-" + requestIds.incrementAndGet());
        reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized Reply next(String route) {
        Deque<Reply> queue = script.get(route);
        if (queue == null || queue.isEmpty()) {
            return error(404, "not_found", "no scripted answer for " + route, null);
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
