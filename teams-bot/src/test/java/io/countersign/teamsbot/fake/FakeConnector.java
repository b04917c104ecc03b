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
 * header, body) and answers from a script of responses queued by the test; unscripted, it answers like the
 * connector: a member lookup from {@link #member}s (404 for anyone else), a new conversation with
 * {@code {"id":"conversation-N","activityId":"activity-N"}}, a posted activity with {@code {"id":"activity-N"}}
 * (N counting from 1), an update with {@code {"id":...}} of the activity it replaced.
 */
public final class FakeConnector extends LoopbackServer {

    /** One request the connector received, and the body it answered with. */
    public record Call(String method, String rawPath, String authorization, String body, String answer) {
    }

    /** A scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, String> members = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeConnector() throws IOException {
        server.createContext("/token", exchange -> {
            tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":\"app-token-"
                    + tokensIssued.incrementAndGet() + "\"}");
        });
        server.createContext("/v3/", this::connector);
    }

    /** Makes {@code userId} a conversation member with this e-mail address (and the same user principal name). */
    public void member(String userId, String aadObjectId, String email) {
        members.put(userId, "{\"id\":\"" + userId + "\",\"aadObjectId\":\"" + aadObjectId + "\",\"name\":\"" + email
                + "\",\"email\":\"" + email + "\",\"userPrincipalName\":\"" + email + "\"}");
    }

    /** The connector requests with {@code method} whose raw path ends with {@code pathSuffix}. */
    public List<Call> calls(String method, String pathSuffix) {
        return calls.stream().filter(c -> c.method().equals(method) && c.rawPath().endsWith(pathSuffix)).toList();
    }

    /** Queues answers for the next connector requests, in order. */
    public void then(Answer... answers) {
        script.addAll(List.of(answers));
    }

    private void connector(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer next = script.poll();
        if (next == null) {
            next = unscripted(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        }
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), body, next.body()));
        next.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        answer(exchange, next.status(), next.body());
    }

    private Answer unscripted(String method, String path) {
        if (path.contains("/members/")) {
            String member = members.get(java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8));
            return member == null ? new Answer(404, Map.of(), "{\"error\":{\"code\":\"MemberNotFoundInConversation\"}}")
                    : new Answer(200, Map.of(), member);
        }
        if (method.equals("PUT")) {
            return new Answer(200, Map.of(), "{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}");
        }
        int n = ids.incrementAndGet();
        if (path.equals("/v3/conversations")) {
            return new Answer(201, Map.of(), "{\"id\":\"conversation-" + n + "\",\"activityId\":\"activity-" + n + "\"}");
        }
        return new Answer(200, Map.of(), "{\"id\":\"activity-" + n + "\"}");
    }
}
