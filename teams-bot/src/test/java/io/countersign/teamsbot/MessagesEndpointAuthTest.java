package io.countersign.teamsbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.countersign.teamsbot.domain.Activity;
import io.countersign.teamsbot.fake.BotTokens;
import io.countersign.teamsbot.fake.FakeBotFrameworkKeys;
import io.countersign.teamsbot.fake.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/messages} on Jetty against a loopback fake of the Bot Framework's OpenID metadata and keys:
 * only a token made exactly as the Bot Connector makes them gets an activity to the handler; every other
 * request is 401 with the one error shape, and the handler sees nothing.
 */
class MessagesEndpointAuthTest {

    private static final String APP_ID = "5b2c1e7e-0000-4000-8000-00000000a001";
    private static final String SERVICE_URL = "https://smba.trafficmanager.net/emea/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RSAKey k1;
    private static RSAKey k2;
    private static RSAKey stranger;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final RecordingHandler handler = new RecordingHandler();
    private FakeBotFrameworkKeys keys;
    private TeamsBotServer server;

    @BeforeAll
    static void mintKeys() {
        k1 = BotTokens.newKey("k1");
        k2 = BotTokens.newKey("k2");
        stranger = BotTokens.newKey("k1");
    }

    @BeforeEach
    void start() throws Exception {
        keys = new FakeBotFrameworkKeys();
        keys.publish(List.of(k1), Map.of("k1", List.of("msteams", "webchat")));
        TeamsBotConfig config = new TeamsBotConfig(APP_ID, "secret", null, keys.url(FakeBotFrameworkKeys.METADATA_PATH).toString(),
                null, "127.0.0.1", 0, null, null, null);
        server = TeamsBotServer.start(config, handler, clock, Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        server.close();
        keys.close();
    }

    private JWTClaimsSet.Builder claims() {
        return BotTokens.claims(APP_ID, SERVICE_URL, clock.instant());
    }

    private HttpResponse<String> post(String authorization, String channelId, String serviceUrl) throws Exception {
        String activity = "{\"type\":\"invoke\",\"name\":\"adaptiveCard/action\",\"id\":\"a-1\",\"channelId\":\"" + channelId
                + "\",\"serviceUrl\":\"" + serviceUrl + "\",\"conversation\":{\"id\":\"19:abc@thread.tacv2\"},"
                + "\"from\":{\"id\":\"29:user\",\"aadObjectId\":\"aad-1\"},\"value\":{\"action\":{\"verb\":\"approve\"}}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/api/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(activity));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String token) throws Exception {
        return post("Bearer " + token, "msteams", SERVICE_URL);
    }

    private void assertRefused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("unauthenticated");
        assertThat(response.body()).doesNotContain("eyJ");
        assertThat(handler.received).isEmpty();
    }

    @Test
    void aTokenMadeAsTheBotConnectorMakesThemHandsTheActivityOn() throws Exception {
        HttpResponse<String> response = post(BotTokens.sign(k1, "k1", claims().build()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("recorded");
        assertThat(handler.received).hasSize(1);
        Activity activity = handler.received.get(0);
        assertThat(activity.isAdaptiveCardAction()).isTrue();
        assertThat(activity.serviceUrl().value()).isEqualTo("https://smba.trafficmanager.net/emea");
        assertThat(activity.conversationId()).isEqualTo("19:abc@thread.tacv2");
        assertThat(activity.fromAadObjectId()).isEqualTo("aad-1");
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        assertRefused(post(BotTokens.sign(stranger, "k1", claims().build())));
    }

    @Test
    void anExpiredTokenIsRefusedButFiveMinutesOfSkewAreAllowed() throws Exception {
        Date fourMinutesAgo = Date.from(clock.instant().minus(Duration.ofMinutes(4)));
        assertThat(post(BotTokens.sign(k1, "k1", claims().expirationTime(fourMinutesAgo).build())).statusCode()).isEqualTo(200);
        handler.received.clear();

        Date sixMinutesAgo = Date.from(clock.instant().minus(Duration.ofMinutes(6)));
        assertRefused(post(BotTokens.sign(k1, "k1", claims().expirationTime(sixMinutesAgo).build())));
    }

    @Test
    void aTokenWithoutExpiryOrNotYetValidIsRefused() throws Exception {
        assertRefused(post(BotTokens.sign(k1, "k1", claims().expirationTime(null).build())));
        Date inTenMinutes = Date.from(clock.instant().plus(Duration.ofMinutes(10)));
        assertRefused(post(BotTokens.sign(k1, "k1", claims().notBeforeTime(inTenMinutes).build())));
    }

    @Test
    void aTokenForAnotherBotIsRefused() throws Exception {
        assertRefused(post(BotTokens.sign(k1, "k1", claims().audience("another-bots-app-id").build())));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        assertRefused(post(BotTokens.sign(k1, "k1", claims().issuer("https://login.microsoftonline.com/common/v2.0").build())));
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        assertRefused(post(BotTokens.unsigned("k1", claims().build())));
    }

    @Test
    void anHmacTokenKeyedWithThePublishedPublicKeyIsRefused() throws Exception {
        assertRefused(post(BotTokens.hmacWithPublicKey(k1.toPublicJWK(), claims().build())));
    }

    @Test
    void anActivityFromAnotherServiceUrlThanTheTokenVouchesForIsRefused() throws Exception {
        assertRefused(post("Bearer " + BotTokens.sign(k1, "k1", claims().build()), "msteams", "https://attacker.example.com/"));
        assertRefused(post(BotTokens.sign(k1, "k1", claims().claim("serviceurl", null).build())));
    }

    @Test
    void aKeyNotEndorsedForTheActivitysChannelIsRefused() throws Exception {
        assertRefused(post("Bearer " + BotTokens.sign(k1, "k1", claims().build()), "slack", SERVICE_URL));
    }

    @Test
    void aRequestWithoutABearerTokenIsRefused() throws Exception {
        assertRefused(post(null, "msteams", SERVICE_URL));
        assertRefused(post("Basic dXNlcjpwYXNz", "msteams", SERVICE_URL));
        assertRefused(post("not-a-jwt"));
    }

    @Test
    void anUnknownKeyIdIsRefusedAndRefetchesTheKeysAtMostOncePerCooldown() throws Exception {
        assertThat(post(BotTokens.sign(k1, "k1", claims().build())).statusCode()).isEqualTo(200);
        handler.received.clear();
        assertThat(keys.keyFetches()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));
        assertRefused(post(BotTokens.sign(k2, "k2", claims().build())));
        assertThat(keys.keyFetches()).isEqualTo(2);
        assertRefused(post(BotTokens.sign(k2, "k2", claims().build())));
        assertRefused(post(BotTokens.sign(stranger, "k9", claims().build())));
        assertThat(keys.keyFetches()).as("no refetch within the cooldown").isEqualTo(2);
    }

    @Test
    void afterAKeyRolloverTheNewKeyIsFetchedAndAccepted() throws Exception {
        assertThat(post(BotTokens.sign(k1, "k1", claims().build())).statusCode()).isEqualTo(200);
        keys.publish(List.of(k2), Map.of());

        clock.advance(Duration.ofMinutes(6));
        assertThat(post(BotTokens.sign(k2, "k2", claims().build())).statusCode()).isEqualTo(200);
        assertThat(keys.keyFetches()).isEqualTo(2);
        assertThat(handler.received).hasSize(2);
        handler.received.clear();
        assertRefused(post(BotTokens.sign(k1, "k1", claims().build())));
    }

    @Test
    void onlyPostToApiMessagesIsServed() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/other"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(handler.received).isEmpty();
    }
}
