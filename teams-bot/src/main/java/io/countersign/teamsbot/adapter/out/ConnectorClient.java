package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.teamsbot.domain.ServiceUrl;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The Bot Connector REST API (v3), written directly against HTTP because the Java Bot Framework SDK is
 * archived: post an activity to a conversation, update one the bot posted, look up a conversation member, and
 * create a conversation for a proactive message (a 1:1 chat with a user, or a new thread in a Teams channel). Every call carries the
 * app token ({@link AppTokens}); a 401 drops the token and tries once more with a fresh one; 429 and 5xx are
 * retried with backoff ({@link RetryingSender}); any other non-2xx answer is a {@link ConnectorException}.
 * Logs operations and statuses, never tokens or message bodies.
 */
public final class ConnectorClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** A conversation the connector created: its id, and the id of the first activity when one was sent with it. */
    public record ConversationResource(String id, String activityId) {
    }

    private final AppTokens tokens;
    private final RetryingSender sender;

    ConnectorClient(AppTokens tokens, RetryingSender sender) {
        this.tokens = tokens;
        this.sender = sender;
    }

    /** A client for the app {@code appId}; its token from {@code tokenUrl}; up to 5 attempts per call, 0.5 s to 30 s apart. */
    public static ConnectorClient create(URI tokenUrl, String appId, String appPassword) {
        return create(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), tokenUrl, appId, appPassword,
                d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    static ConnectorClient create(HttpClient http, URI tokenUrl, String appId, String appPassword, RetryingSender.Sleeper sleeper,
                                  Clock clock) {
        RetryingSender sender = new RetryingSender(http, sleeper, 5, Duration.ofMillis(500), Duration.ofSeconds(30));
        return new ConnectorClient(new AppTokens(sender, tokenUrl, Objects.requireNonNull(appId, "appId"),
                Objects.requireNonNull(appPassword, "appPassword"), clock), sender);
    }

    /** Posts {@code activity} to the conversation; the id of the new activity (for later updates). */
    public String sendToConversation(ServiceUrl serviceUrl, String conversationId, JsonNode activity)
            throws ConnectorException, InterruptedException {
        URI uri = serviceUrl.resolve("/v3/conversations/" + segment(conversationId) + "/activities");
        return field(call("post activity", "POST", uri, activity), "id");
    }

    /** Replaces the activity {@code activityId} (a card the bot posted) with {@code activity}. */
    public void updateActivity(ServiceUrl serviceUrl, String conversationId, String activityId, JsonNode activity)
            throws ConnectorException, InterruptedException {
        URI uri = serviceUrl.resolve("/v3/conversations/" + segment(conversationId) + "/activities/" + segment(activityId));
        call("update activity", "PUT", uri, activity);
    }

    /**
     * The member {@code userId} of the conversation as Teams knows them: {@code id}, {@code aadObjectId},
     * {@code name}, {@code email}, {@code userPrincipalName} (what maps a Teams user to the approver directory).
     */
    public JsonNode member(ServiceUrl serviceUrl, String conversationId, String userId) throws ConnectorException, InterruptedException {
        return call("get member", "GET", serviceUrl.resolve("/v3/conversations/" + segment(conversationId) + "/members/" + segment(userId)),
                null);
    }

    /** Creates a conversation from {@code parameters} ({@link #personalConversation}, {@link #channelConversation}). */
    public ConversationResource createConversation(ServiceUrl serviceUrl, JsonNode parameters)
            throws ConnectorException, InterruptedException {
        JsonNode answer = call("create conversation", "POST", serviceUrl.resolve("/v3/conversations"), parameters);
        String id = field(answer, "id");
        if (id == null) {
            throw new ConnectorException("create conversation", 200, "no_conversation_id");
        }
        return new ConversationResource(id, field(answer, "activityId"));
    }

    /** Parameters for a 1:1 chat between the bot {@code appId} and the Teams user {@code userId} in {@code tenantId}. */
    public static ObjectNode personalConversation(String appId, String userId, String tenantId) {
        ObjectNode p = base(appId, tenantId).put("isGroup", false);
        p.putArray("members").addObject().put("id", userId);
        return p;
    }

    /** Parameters for a new thread in the Teams channel {@code channelId}, starting with {@code activity}. */
    public static ObjectNode channelConversation(String appId, String channelId, String tenantId, JsonNode activity) {
        ObjectNode p = base(appId, tenantId).put("isGroup", true);
        ((ObjectNode) p.get("channelData")).putObject("channel").put("id", channelId);
        p.set("activity", activity);
        return p;
    }

    private static ObjectNode base(String appId, String tenantId) {
        ObjectNode p = JSON.createObjectNode();
        p.putObject("bot").put("id", "28:" + appId);
        p.put("tenantId", tenantId);
        p.putObject("channelData").putObject("tenant").put("id", tenantId);
        return p;
    }

    private JsonNode call(String operation, String method, URI uri, JsonNode body) throws ConnectorException, InterruptedException {
        byte[] json;
        try {
            json = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the activity is not serialisable", e);
        }
        for (boolean retriedAuth = false; ; retriedAuth = true) {
            String token = tokens.token();
            HttpResponse<byte[]> response = sender.send(operation, () -> HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json)).build());
            int status = response.statusCode();
            if (status == 401 && !retriedAuth) {
                tokens.invalidate();
                continue;
            }
            if (status < 200 || status > 299) {
                throw new ConnectorException(operation, status, RetryingSender.errorCode(response.body()));
            }
            return parse(response.body());
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String field(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** One path segment, percent-encoded: Teams conversation ids hold ':', ';', '@' and '='. */
    static String segment(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("a conversation or activity id is required");
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
