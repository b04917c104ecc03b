package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.dashboards.application.OidcProvider;
import io.countersign.oidc.OidcConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The provider's {@code authorization_endpoint} and {@code token_endpoint} from its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must be the configured one),
 * fetched on first use and kept. The code is exchanged with the PKCE verifier and, when a client secret
 * is configured, authenticated with it (HTTP Basic, {@code client_secret_basic}); otherwise as a public
 * client ({@code client_id} in the form). Logs nothing of codes, tokens or the secret.
 */
public final class DiscoveredProvider implements OidcProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 512 * 1024;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final OidcConfig config;
    private final String clientSecret;
    private final String redirectUrl;
    private volatile JsonNode discovery;

    public DiscoveredProvider(OidcConfig config, String clientSecret, String redirectUrl) {
        this.config = config;
        this.clientSecret = clientSecret;
        this.redirectUrl = redirectUrl;
    }

    @Override
    public URI authorizationEndpoint() throws IOException {
        return endpoint("authorization_endpoint");
    }

    @Override
    public String idToken(String code, String codeVerifier) throws IOException {
        String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirectUrl) + "&code_verifier=" + enc(codeVerifier)
                + (clientSecret == null ? "&client_id=" + enc(config.audience()) : "");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint("token_endpoint")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (clientSecret != null) {
            // RFC 6749 2.3.1: id and secret form-encoded before Basic encoding.
            String basic = enc(config.audience()) + ":" + enc(clientSecret);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode answer = send(request.build());
        JsonNode idToken = answer.get("id_token");
        if (idToken == null || !idToken.isTextual()) {
            throw new IOException("its answer has no id_token (is the openid scope requested?)");
        }
        return idToken.asText();
    }

    private URI endpoint(String name) throws IOException {
        JsonNode d = discovery;
        if (d == null) {
            d = send(HttpRequest.newBuilder(config.discoveryUrl()).timeout(Duration.ofSeconds(10)).GET().build());
            if (!config.issuer().equals(d.path("issuer").asText())) {
                throw new IOException("the discovery document's issuer is not " + config.issuer());
            }
            discovery = d;
        }
        String url = d.path(name).asText("");
        if (url.isEmpty()) {
            throw new IOException("the discovery document names no " + name);
        }
        return URI.create(url);
    }

    private JsonNode send(HttpRequest request) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + " from " + request.uri().getHost() + request.uri().getPath());
            }
            if (r.body().length > MAX_BYTES) {
                throw new IOException("the answer of " + request.uri().getPath() + " is larger than " + MAX_BYTES + " bytes");
            }
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
