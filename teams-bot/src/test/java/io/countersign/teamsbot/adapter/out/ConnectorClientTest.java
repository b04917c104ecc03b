package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.teamsbot.domain.ServiceUrl;
import io.countersign.teamsbot.fake.FakeConnector;
import io.countersign.teamsbot.fake.FakeConnector.Answer;
import io.countersign.teamsbot.fake.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Bot Connector client against a loopback fake of the token endpoint and the connector's REST API. */
class ConnectorClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONVERSATION = "19:abc@thread.tacv2;messageid=1700000000000";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private FakeConnector fake;
    private ConnectorClient client;
    private ServiceUrl serviceUrl;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeConnector();
        serviceUrl = new ServiceUrl(fake.url("/").toString());
        client = ConnectorClient.create(HttpClient.newHttpClient(), fake.url("/token"), "app-id", "app-password", slept::add, clock);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("type", "message").put("text", text);
    }

    @Test
    void theAppTokenIsFetchedOnceAndReusedUntilShortlyBeforeItExpires() throws Exception {
        assertThat(client.sendToConversation(serviceUrl, CONVERSATION, message("one"))).isEqualTo("activity-1");
        client.sendToConversation(serviceUrl, CONVERSATION, message("two"));

        assertThat(fake.tokenRequests).hasSize(1);
        assertThat(fake.tokenRequests.get(0)).contains("grant_type=client_credentials", "client_id=app-id",
                "scope=https%3A%2F%2Fapi.botframework.com%2F.default");
        assertThat(fake.calls).extracting(FakeConnector.Call::authorization).containsOnly("Bearer app-token-1");

        clock.advance(Duration.ofMinutes(56));
        client.sendToConversation(serviceUrl, CONVERSATION, message("three"));
        assertThat(fake.tokenRequests).hasSize(2);
        assertThat(fake.calls.get(2).authorization()).isEqualTo("Bearer app-token-2");
    }

    @Test
    void postsToTheConversationsActivitiesWithTheIdEncoded() throws Exception {
        client.sendToConversation(serviceUrl, CONVERSATION, message("hello"));

        FakeConnector.Call call = fake.calls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.rawPath()).isEqualTo("/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000/activities");
        assertThat(JSON.readTree(call.body()).path("text").asText()).isEqualTo("hello");
    }

    @Test
    void updatesAnActivityInPlace() throws Exception {
        client.updateActivity(serviceUrl, CONVERSATION, "1700000000123", message("decided"));

        FakeConnector.Call call = fake.calls.get(0);
        assertThat(call.method()).isEqualTo("PUT");
        assertThat(call.rawPath()).isEqualTo("/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000/activities/1700000000123");
        assertThat(JSON.readTree(call.body()).path("text").asText()).isEqualTo("decided");
    }

    @Test
    void a429IsRetriedAfterTheDelayTheConnectorAsksFor() throws Exception {
        fake.then(new Answer(429, Map.of("Retry-After", "3"), "{\"error\":{\"code\":\"TooManyRequests\"}}"));

        assertThat(client.sendToConversation(serviceUrl, CONVERSATION, message("x"))).isEqualTo("activity-1");
        assertThat(fake.calls).hasSize(2);
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void a503IsRetriedWithExponentialBackoffAndGivenUpOnAfterFiveAttempts() throws Exception {
        fake.then(new Answer(503, Map.of(), ""), new Answer(502, Map.of(), ""));
        client.sendToConversation(serviceUrl, CONVERSATION, message("x"));
        assertThat(fake.calls).hasSize(3);
        assertThat(slept).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));

        fake.calls.clear();
        slept.clear();
        for (int i = 0; i < 6; i++) {
            fake.then(new Answer(503, Map.of(), "{\"error\":{\"code\":\"ServiceUnavailable\"}}"));
        }
        assertThatThrownBy(() -> client.sendToConversation(serviceUrl, CONVERSATION, message("x")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("ServiceUnavailable");
                    assertThat(e.transientFailure()).isTrue();
                });
        assertThat(fake.calls).hasSize(5);
        assertThat(slept).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void a400IsSurfacedAtOnceWithTheConnectorsErrorCodeAndNotRetried() {
        fake.then(new Answer(400, Map.of(), "{\"error\":{\"code\":\"BadArgument\",\"message\":\"Activity text too long\"}}"));

        assertThatThrownBy(() -> client.updateActivity(serviceUrl, CONVERSATION, "1", message("x")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("BadArgument");
                    assertThat(e.transientFailure()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("app-token").doesNotContain("app-password");
                });
        assertThat(fake.calls).hasSize(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void aRefusedTokenIsReplacedOnceThenTheRefusalSurfaces() throws Exception {
        fake.then(new Answer(401, Map.of(), ""));
        client.sendToConversation(serviceUrl, CONVERSATION, message("x"));
        assertThat(fake.calls).extracting(FakeConnector.Call::authorization).containsExactly("Bearer app-token-1", "Bearer app-token-2");

        fake.then(new Answer(401, Map.of(), ""), new Answer(401, Map.of(), ""));
        assertThatThrownBy(() -> client.sendToConversation(serviceUrl, CONVERSATION, message("x")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void createsProactiveConversationsOneToOneAndInAChannel() throws Exception {
        fake.then(new Answer(201, Map.of(), "{\"id\":\"a:1on1-conversation\"}"),
                new Answer(201, Map.of(), "{\"id\":\"19:chan@thread.tacv2;messageid=42\",\"activityId\":\"42\"}"));

        ConnectorClient.ConversationResource chat = client.createConversation(serviceUrl,
                ConnectorClient.personalConversation("app-id", "29:user-1", "tenant-1"));
        ConnectorClient.ConversationResource thread = client.createConversation(serviceUrl,
                ConnectorClient.channelConversation("app-id", "19:chan@thread.tacv2", "tenant-1", message("review needed")));

        assertThat(chat).isEqualTo(new ConnectorClient.ConversationResource("a:1on1-conversation", null));
        assertThat(thread).isEqualTo(new ConnectorClient.ConversationResource("19:chan@thread.tacv2;messageid=42", "42"));
        assertThat(fake.calls).extracting(FakeConnector.Call::rawPath).containsExactly("/v3/conversations", "/v3/conversations");
        var personal = JSON.readTree(fake.calls.get(0).body());
        assertThat(personal.path("bot").path("id").asText()).isEqualTo("28:app-id");
        assertThat(personal.path("members").get(0).path("id").asText()).isEqualTo("29:user-1");
        assertThat(personal.path("channelData").path("tenant").path("id").asText()).isEqualTo("tenant-1");
        var channel = JSON.readTree(fake.calls.get(1).body());
        assertThat(channel.path("isGroup").asBoolean()).isTrue();
        assertThat(channel.path("channelData").path("channel").path("id").asText()).isEqualTo("19:chan@thread.tacv2");
        assertThat(channel.path("activity").path("text").asText()).isEqualTo("review needed");
    }

    @Test
    void theAppTokenGoesOnlyToAnHttpsOrLoopbackServiceUrl() {
        assertThatThrownBy(() -> new ServiceUrl("http://smba.trafficmanager.net/emea/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceUrl("https://user:pw@evil.example/")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ServiceUrl("https://smba.trafficmanager.net/emea/")).isEqualTo(new ServiceUrl("https://smba.trafficmanager.net/emea"));
    }
}
