package io.countersign.oidc;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The signing keys of an OpenID provider: its discovery document ({@code <issuer>/.well-known/openid-configuration},
 * whose {@code issuer} must be the configured one) names a {@code jwks_uri}; the keys there are held in a
 * {@link KeyCache} (cached for {@code maxAge}, refetched for an unknown key id at most once per {@code refreshCooldown},
 * kept when a refresh fails).
 *
 * <p>Only signature keys with an id are kept: RSA of at least 2048 bits and EC on P-256, P-384 or P-521.
 */
public final class ProviderKeys {

    private static final int MIN_RSA_BITS = 2048;
    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    private final HttpClient http;
    private final OidcConfig config;
    private final KeyCache<JWK> keys;

    public ProviderKeys(HttpClient http, OidcConfig config, Clock clock, Duration maxAge, Duration refreshCooldown) {
        this.http = http;
        this.config = config;
        this.keys = new KeyCache<>("identity provider " + config.issuer(), this::fetch, clock, maxAge, refreshCooldown);
    }

    /** Keys refreshed hourly, refetched for an unknown key id at most every 30 s. */
    public static ProviderKeys of(OidcConfig config, Clock clock) {
        return new ProviderKeys(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), config, clock,
                Duration.ofHours(1), Duration.ofSeconds(30));
    }

    /** The key with id {@code kid}; a TokenRejectedException when it is unknown or no keys can be fetched. */
    public JWK find(String kid) throws TokenRejectedException {
        JWK key = keys.find(kid);
        if (key == null) {
            throw new TokenRejectedException(keys.isEmpty() ? "the identity provider's signing keys cannot be fetched"
                    : "the token is signed with a key the identity provider does not publish");
        }
        return key;
    }

    private Map<String, JWK> fetch() throws IOException, InterruptedException, ParseException {
        Map<String, Object> discovery = JSONObjectUtils.parse(KeyCache.document(http, config.discoveryUrl()));
        if (!config.issuer().equals(JSONObjectUtils.getString(discovery, "issuer"))) {
            // OpenID Connect Discovery 1.0, 4.3: a document for another issuer must not be used.
            throw new IOException("the discovery document's issuer is not " + config.issuer());
        }
        URI jwksUri = JSONObjectUtils.getURI(discovery, "jwks_uri");
        if (jwksUri == null) {
            throw new IOException("the discovery document has no jwks_uri");
        }
        Map<String, JWK> fetched = new HashMap<>();
        for (JWK jwk : JWKSet.parse(KeyCache.document(http, jwksUri)).getKeys()) {
            if (usable(jwk)) {
                fetched.put(jwk.getKeyID(), jwk);
            }
        }
        return fetched;
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
}
