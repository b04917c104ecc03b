package io.countersign.teamsbot.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One Bot Framework activity that arrived on {@code POST /api/messages} and passed authentication: its
 * token was signed by the Bot Framework for this app, and its {@code serviceUrl} is the one the token vouches
 * for. Everything else in it (text, card input, who clicked) is still what Teams relayed from a user and is
 * treated as untrusted input by whoever handles it.
 *
 * @param type           the activity type ({@code message}, {@code invoke}, {@code conversationUpdate}, ...)
 * @param name           the invoke name ({@code adaptiveCard/action}), or null
 * @param id             the activity's id, or null
 * @param channelId      the channel ({@code msteams})
 * @param serviceUrl     where replies to this conversation go
 * @param conversationId the conversation's id, or null
 * @param fromId         the sender's channel account id, or null
 * @param fromAadObjectId the sender's Entra ID object id, or null
 * @param value          the activity's {@code value} (an invoke's payload), or null
 * @param raw            the whole activity as received
 */
public record Activity(String type, String name, String id, String channelId, ServiceUrl serviceUrl, String conversationId,
                       String fromId, String fromAadObjectId, JsonNode value, ObjectNode raw) {

    /** The invoke a click on an Adaptive Card's {@code Action.Execute} sends. */
    public static final String ADAPTIVE_CARD_ACTION = "adaptiveCard/action";

    public Activity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(serviceUrl, "serviceUrl");
        Objects.requireNonNull(raw, "raw");
    }

    /** Reads the fields this module uses out of a received activity; the caller has checked {@code serviceUrl}. */
    public static Activity of(ObjectNode raw, ServiceUrl serviceUrl) {
        return new Activity(text(raw, "type", "message"), text(raw, "name", null), text(raw, "id", null),
                text(raw, "channelId", null), serviceUrl, text(raw.path("conversation"), "id", null),
                text(raw.path("from"), "id", null), text(raw.path("from"), "aadObjectId", null),
                raw.hasNonNull("value") ? raw.get("value") : null, raw);
    }

    /** Whether this is an Adaptive Card Universal Action ({@code Action.Execute}) invoke. */
    public boolean isAdaptiveCardAction() {
        return "invoke".equals(type) && ADAPTIVE_CARD_ACTION.equals(name);
    }

    /** Whether this came from a 1:1 chat between a person and the bot ({@code conversation.conversationType} personal). */
    public boolean personalChat() {
        return "personal".equals(raw.path("conversation").path("conversationType").asText(null));
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : fallback;
    }
}
