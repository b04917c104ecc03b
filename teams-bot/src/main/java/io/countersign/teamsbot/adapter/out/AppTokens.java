package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The bot's app token for the Bot Connector: OAuth 2.0 client credentials (the Azure Bot's app id and
 * password) against Microsoft Entra ID, scope {@code https://api.botframework.com/.default}. A token is reused
 * until {@code REFRESH_MARGIN} before it expires, so a conversation's burst of posts costs one token request.
 * Neither the password nor the token is ever logged or put into an exception.
 */
final class AppTokens {

    /** The scope of Bot Connector app tokens. */
    static final String SCOPE = "https://api.botframework.com/.default";
    /** How long before expiry a cached token is replaced. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RetryingSender sender;
    private final URI tokenUrl;
    private final String appId;
    private final String appPassword;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    AppTokens(RetryingSender sender, URI tokenUrl, String appId, String appPassword, Clock clock) {
        this.sender = sender;
        this.tokenUrl = tokenUrl;
        this.appId = appId;
        this.appPassword = appPassword;
        this.clock = clock;
    }

    /** A valid app token, fetched when none is cached or the cached one is close to expiry. */
    synchronized String token() throws ConnectorException, InterruptedException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    /** Drops the cached token (the connector refused it), so the next call fetches a new one. */
    synchronized void invalidate() {
        token = null;
    }

    private void fetch() throws ConnectorException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + encode(appId) + "&client_secret=" + encode(appPassword)
                + "&scope=" + encode(SCOPE);
        HttpResponse<byte[]> response = sender.send("app token request", () -> HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new ConnectorException("app token request", response.statusCode(), RetryingSender.errorCode(response.body()));
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String accessToken = body.path("access_token").asText(null);
            long expiresIn = body.path("expires_in").asLong(0);
            if (accessToken == null || accessToken.isBlank() || expiresIn <= 0) {
                throw new ConnectorException("app token request", 200, "no_token_in_answer");
            }
            Instant now = clock.instant();
            Duration lifetime = Duration.ofSeconds(expiresIn);
            // Short-lived tokens: renew at half their life rather than after it.
            Duration margin = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) > 0 ? REFRESH_MARGIN : lifetime.dividedBy(2);
            token = accessToken;
            refreshAt = now.plus(lifetime).minus(margin);
        } catch (IOException e) {
            throw new ConnectorException("app token request", 200, "unreadable_answer");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
