package io.countersign.teamsbot.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback fake of the Entra ID token endpoint ({@code /token}, client credentials) and of the Bot
 * Connector REST API ({@code /v3/...}): records every connector request (method, raw path, Authorization
 * header, body) and answers from a script of responses queued by the test, then {@code 200 {"id":"activity-1"}}.
 */
public final class FakeConnector extends LoopbackServer {

    /** One request the connector received. */
    public record Call(String method, String rawPath, String authorization, String body) {
    }

    /** A scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();

    public FakeConnector() throws IOException {
        server.createContext("/token", exchange -> {
            tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":\"app-token-"
                    + tokensIssued.incrementAndGet() + "\"}");
        });
        server.createContext("/v3/", this::connector);
    }

    /** Queues answers for the next connector requests, in order. */
    public void then(Answer... answers) {
        script.addAll(List.of(answers));
    }

    private void connector(HttpExchange exchange) throws IOException {
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer next = script.poll();
        if (next == null) {
            next = new Answer(200, Map.of(), "{\"id\":\"activity-1\"}");
        }
        next.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        answer(exchange, next.status(), next.body());
    }
}
