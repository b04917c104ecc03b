package io.countersign.approvalbot;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Test fixture: a loopback fake of the Slack Web API ({@code /api/<method>}) that answers the methods
 * the bot calls, records every call with its form parameters, maps Slack user ids to e-mail addresses
 * for {@code users.info}, and can be told to fail the next calls with a status (429 with Retry-After,
 * or 5xx) to test the bot's retries. Like Slack, it refuses blocks that break a Block Kit limit
 * ({@code invalid_blocks}, see {@link BlockKitLimits}) and a text over 40,000 characters
 * ({@code msg_too_long}); {@link #refuse} makes it refuse chosen calls with a chosen error. Refused calls
 * are kept apart ({@link #refused}) so tests can count how often the bot tried.
 */
public final class FakeSlack implements AutoCloseable {

    /** One recorded Web API call. */
    public record Call(String method, Map<String, String> params) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, String> emails = new LinkedHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private final AtomicInteger ts = new AtomicInteger(1000);
    private final ConcurrentLinkedQueue<Call> refusedCalls = new ConcurrentLinkedQueue<>();
    private volatile Predicate<Call> refuseWhen = c -> false;
    private volatile String refuseWith = "invalid_blocks";

    public FakeSlack(Map<String, String> emailsByUser) throws IOException {
        emails.putAll(emailsByUser);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", exchange -> {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String body;
            int status = 200;
            if (!method.equals("auth.test") && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = failStatus;
                if (status == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                body = "{\"ok\": false, \"error\": \"ratelimited\"}";
            } else if (refusal(method, params) != null) {
                String error = refusal(method, params);
                params.put("refused", error);
                refusedCalls.add(new Call(method, params));
                body = "{\"ok\": false, \"error\": \"" + error + "\"}";
            } else {
                body = answer(method, params);
                if (method.equals("chat.postMessage")) {
                    // Kept with the call so tests can follow the message through its later chat.update calls.
                    params.put("returned_ts", body.replaceAll(".*\"ts\": \"([^\"]+)\".*", "$1"));
                }
                calls.add(new Call(method, params));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** The error Slack would answer this call with, or null when it would accept it. */
    private String refusal(String method, Map<String, String> params) {
        if (refuseWhen.test(new Call(method, params))) {
            return refuseWith;
        }
        if (params.getOrDefault("text", "").length() > 40_000) {
            return "msg_too_long";
        }
        String blocks = method.startsWith("views.") ? viewBlocks(params.get("view")) : params.get("blocks");
        if (blocks != null && !BlockKitLimits.violations(blocks, method.startsWith("views.") ? 100 : 50).isEmpty()) {
            return "invalid_blocks";
        }
        return null;
    }

    private static String viewBlocks(String view) {
        try {
            return view == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(view).path("blocks").toString();
        } catch (IOException e) {
            return null;
        }
    }

    private String answer(String method, Map<String, String> params) {
        return switch (method) {
            case "auth.test" -> "{\"ok\": true, \"url\": \"https://acme.slack.com/\", \"team\": \"Acme\", \"user\": \"countersign\","
                    + " \"team_id\": \"T1\", \"user_id\": \"UBOT\", \"bot_id\": \"B1\"}";
            case "chat.postMessage" -> "{\"ok\": true, \"channel\": \"C1\", \"ts\": \"1700000000." + ts.incrementAndGet() + "\"}";
            case "chat.update" -> "{\"ok\": true, \"channel\": \"" + params.get("channel") + "\", \"ts\": \"" + params.get("ts") + "\"}";
            case "users.info" -> emails.containsKey(params.get("user"))
                    ? "{\"ok\": true, \"user\": {\"id\": \"" + params.get("user") + "\", \"profile\": {\"email\": \"" + emails.get(params.get("user")) + "\"}}}"
                    : "{\"ok\": true, \"user\": {\"id\": \"" + params.get("user") + "\", \"profile\": {}}}";
            case "users.lookupByEmail" -> emails.entrySet().stream().filter(e -> e.getValue().equals(params.get("email"))).findFirst()
                    .map(e -> "{\"ok\": true, \"user\": {\"id\": \"" + e.getKey() + "\"}}")
                    .orElse("{\"ok\": false, \"error\": \"users_not_found\"}");
            case "chat.postEphemeral" -> "{\"ok\": true, \"message_ts\": \"1700000000.9\"}";
            default -> "{\"ok\": true}";
        };
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    public List<Call> calls(String method) {
        List<Call> out = new ArrayList<>();
        calls.stream().filter(c -> c.method().equals(method)).forEach(out::add);
        return out;
    }

    /** Calls Slack refused (invalid_blocks, msg_too_long, or as told by {@link #refuse}). */
    public List<Call> refused(String method) {
        List<Call> out = new ArrayList<>();
        refusedCalls.stream().filter(c -> c.method().equals(method)).forEach(out::add);
        return out;
    }

    /** From now on, calls that match {@code when} answer {@code ok: false} with {@code error}. */
    public void refuse(Predicate<Call> when, String error) {
        refuseWith = error;
        refuseWhen = when;
    }

    /** The next {@code n} calls (other than auth.test) answer {@code status}. */
    public void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
