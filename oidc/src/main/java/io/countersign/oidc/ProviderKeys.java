package io.countersign.oidc;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The signing keys of an OpenID provider: its discovery document ({@code <issuer>/.well-known/openid-configuration},
 * whose {@code issuer} must be the configured one) names a {@code jwks_uri}; the keys there are cached for
 * {@code maxAge}. A token signed with a key id not in the cache triggers a refetch (providers roll keys
 * over), but at most once per {@code refreshCooldown}, so a stream of made-up key ids cannot make
 * Countersign hammer the provider. When a refresh fails, the keys already held stay in use.
 *
 * <p>Only signature keys with an id are kept: RSA of at least 2048 bits and EC on P-256, P-384 or P-521.
 */
public final class ProviderKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);
    private static final int MIN_RSA_BITS = 2048;
    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);
    private static final int MAX_DOCUMENT_BYTES = 512 * 1024;

    private final HttpClient http;
    private final OidcConfig config;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration refreshCooldown;
    private Map<String, JWK> keys = Map.of();
    private Instant fetchedAt;
    private Instant lastAttempt;

    public ProviderKeys(HttpClient http, OidcConfig config, Clock clock, Duration maxAge, Duration refreshCooldown) {
        this.http = http;
        this.config = config;
        this.clock = clock;
        this.maxAge = maxAge;
        this.refreshCooldown = refreshCooldown;
    }

    /** Keys refreshed hourly, refetched for an unknown key id at most every 30 s. */
    public static ProviderKeys of(OidcConfig config, Clock clock) {
        return new ProviderKeys(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), config, clock,
                Duration.ofHours(1), Duration.ofSeconds(30));
    }

    /** The key with id {@code kid}; a TokenRejectedException when it is unknown or no keys can be fetched. */
    public synchronized JWK find(String kid) throws TokenRejectedException {
        Instant now = clock.instant();
        if (fetchedAt == null || now.isAfter(fetchedAt.plus(maxAge))) {
            refreshIfAllowed(now);
        }
        JWK key = keys.get(kid);
        if (key == null && refreshIfAllowed(now)) {
            key = keys.get(kid);
        }
        if (key == null) {
            throw new TokenRejectedException(keys.isEmpty() ? "the identity provider's signing keys cannot be fetched"
                    : "the token is signed with a key the identity provider does not publish");
        }
        return key;
    }

    private boolean refreshIfAllowed(Instant now) {
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(refreshCooldown))) {
            return false;
        }
        lastAttempt = now;
        try {
            keys = fetch();
            fetchedAt = now;
            LOG.info("Fetched {} signing keys of identity provider {}", keys.size(), config.issuer());
            return true;
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warn("Could not fetch the signing keys of identity provider {}: {}", config.issuer(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Map<String, JWK> fetch() throws IOException, InterruptedException, ParseException {
        Map<String, Object> discovery = JSONObjectUtils.parse(get(config.discoveryUrl()));
        if (!config.issuer().equals(JSONObjectUtils.getString(discovery, "issuer"))) {
            // OpenID Connect Discovery 1.0, 4.3: a document for another issuer must not be used.
            throw new IOException("the discovery document's issuer is not " + config.issuer());
        }
        URI jwksUri = JSONObjectUtils.getURI(discovery, "jwks_uri");
        if (jwksUri == null) {
            throw new IOException("the discovery document has no jwks_uri");
        }
        Map<String, JWK> fetched = new HashMap<>();
        for (JWK jwk : JWKSet.parse(get(jwksUri)).getKeys()) {
            if (usable(jwk)) {
                fetched.put(jwk.getKeyID(), jwk);
            }
        }
        return Map.copyOf(fetched);
    }

    private static boolean usable(JWK jwk) {
        if (jwk.getKeyID() == null || jwk.isPrivate() || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
            return false;
        }
        if (jwk instanceof RSAKey rsa) {
            return rsa.size() >= MIN_RSA_BITS;
        }
        return jwk instanceof ECKey ec && CURVES.contains(ec.getCurve());
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        if (response.body().length > MAX_DOCUMENT_BYTES) {
            throw new IOException("the document at " + uri + " is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
