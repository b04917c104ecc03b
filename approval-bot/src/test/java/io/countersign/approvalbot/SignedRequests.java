package io.countersign.approvalbot;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test fixture: interaction payloads as Slack sends them (form-encoded {@code payload=}), signed the way
 * Slack signs them: {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}.
 */
public final class SignedRequests {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI events;

    public SignedRequests(URI botUrl) {
        this.events = botUrl.resolve("/slack/events");
    }

    public static String blockAction(String user, String actionId, String requestId) {
        return """
                {"type": "block_actions", "team": {"id": "T1", "domain": "acme"}, "user": {"id": "%s", "team_id": "T1"},
                 "api_app_id": "A1", "token": "legacy", "trigger_id": "trigger-%s",
                 "container": {"type": "message", "message_ts": "1700000000.1001", "channel_id": "C1"},
                 "channel": {"id": "C1", "name": "countersign-approvals"}, "message": {"ts": "1700000000.1001", "text": "x"},
                 "response_url": "https://hooks.slack.com/actions/T1/1/x",
                 "actions": [{"action_id": "%s", "block_id": "decide", "type": "button", "value": "%s", "action_ts": "1700000001.0"}]}
                """.formatted(user, user, actionId, requestId);
    }

    public static String reasonSubmission(String user, String kind, String requestId, String reason) {
        return """
                {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "%s", "team_id": "T1"}, "api_app_id": "A1",
                 "token": "legacy", "trigger_id": "trigger-2",
                 "view": {"id": "V1", "type": "modal", "callback_id": "countersign-reason", "private_metadata": "%s|%s|C1",
                          "state": {"values": {"reason": {"reason": {"type": "plain_text_input", "value": "%s"}}}}}}
                """.formatted(user, kind, requestId, reason);
    }

    public static String homeOpened(String user) {
        return "{\"token\": \"legacy\", \"team_id\": \"T1\", \"api_app_id\": \"A1\", \"type\": \"event_callback\", \"event_id\": \"Ev1\","
                + " \"event_time\": 1700000001, \"event\": {\"type\": \"app_home_opened\", \"user\": \"" + user + "\", \"channel\": \"D1\","
                + " \"tab\": \"home\", \"event_ts\": \"1700000001.0\"}}";
    }

    /** An Events API request: a JSON body, signed the same way. */
    public HttpResponse<String> sendEvent(String json, String secret, Instant at) throws Exception {
        long ts = at.getEpochSecond();
        return http.send(HttpRequest.newBuilder(events).header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", String.valueOf(ts)).header("X-Slack-Signature", sign(secret, ts, json))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String payloadJson, String secret, Instant at) throws Exception {
        String body = "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
        return sendRaw(body, sign(secret, at.getEpochSecond(), body), at.getEpochSecond());
    }

    public HttpResponse<String> sendRaw(String body, String signature, long timestamp) throws Exception {
        return http.send(HttpRequest.newBuilder(events).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(timestamp)).header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String sign(String secret, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    }
}
