package io.countersign.teamsbot.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.RSAKey;
import io.countersign.teamsbot.fake.BotTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/**
 * What Teams sends the bot, made as the Bot Connector makes it (a token signed by a published key, for the
 * bot's app id, vouching for the service URL): a click on a card's Approve / Deny / refresh by a Teams user,
 * and a user's first contact in a 1:1 chat (installing the app).
 */
final class TeamsSends {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI messages;
    private final RSAKey key;
    private final String appId;
    private final String serviceUrl;

    TeamsSends(URI botUrl, RSAKey key, String appId, String serviceUrl) {
        this.messages = URI.create(botUrl + "/api/messages");
        this.key = key;
        this.appId = appId;
        this.serviceUrl = serviceUrl;
    }

    /** {@code person} (29:person) clicks {@code verb} on the card of {@code requestId} in conversation {@code conversationId}. */
    JsonNode click(String person, String verb, String requestId, String reason, String conversationId) throws Exception {
        ObjectNode activity = activity("invoke", person, conversationId, "channel").put("name", "adaptiveCard/action");
        ObjectNode action = activity.putObject("value").put("trigger", "manual").putObject("action")
                .put("type", "Action.Execute").put("verb", verb);
        ObjectNode data = action.putObject("data").put("requestId", requestId);
        if (reason != null) {
            data.put("reason", reason);
        }
        HttpResponse<String> response = send(activity);
        if (response.statusCode() != 200) {
            throw new AssertionError("the bot answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** {@code person} installs the app: a conversation update from their 1:1 chat {@code a:person-chat}. */
    int install(String person) throws Exception {
        ObjectNode activity = activity("conversationUpdate", person, "a:" + person + "-chat", "personal");
        activity.putArray("membersAdded").addObject().put("id", "28:" + appId);
        return send(activity).statusCode();
    }

    private ObjectNode activity(String type, String person, String conversationId, String conversationType) {
        ObjectNode activity = JSON.createObjectNode().put("type", type).put("id", "act-" + System.nanoTime()).put("channelId", "msteams")
                .put("serviceUrl", serviceUrl);
        activity.putObject("conversation").put("id", conversationId).put("conversationType", conversationType);
        activity.putObject("from").put("id", "29:" + person).put("aadObjectId", "aad-" + person);
        activity.putObject("recipient").put("id", "28:" + appId);
        return activity;
    }

    private HttpResponse<String> send(ObjectNode activity) throws Exception {
        String token = BotTokens.sign(key, key.getKeyID(), BotTokens.claims(appId, serviceUrl, Instant.now()).build());
        return HTTP.send(HttpRequest.newBuilder(messages).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(activity)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
