package io.countersign.oidc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jose.JWSAlgorithm;
import io.countersign.config.ConfigException;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which OpenID Connect provider's tokens a service accepts, as an {@code oidc:} block in countersign.yaml:
 *
 * <pre>
 * oidc:
 *   issuer: https://login.example.com/realms/acme   # exactly the provider's "iss"; its discovery document is
 *                                                    # fetched from &lt;issuer&gt;/.well-known/openid-configuration
 *   audience: countersign        # the token's "aud" must contain this
 *   algorithms: [RS256, ES256]   # signature algorithms accepted (never none, never HS*)
 *   identityClaim: email         # the claim naming the person: email, or sub
 *   groupsClaim: groups          # the claim listing the person's groups at the provider
 * </pre>
 *
 * <p>Only asymmetric algorithms can be configured: {@code none} would accept any token, and an HMAC
 * algorithm would let anyone who knows a public key (everyone) sign tokens with it.
 */
public record OidcConfig(
        @JsonProperty("issuer") String issuer,
        @JsonProperty("audience") String audience,
        @JsonProperty("algorithms") List<String> algorithms,
        @JsonProperty("identityClaim") String identityClaim,
        @JsonProperty("groupsClaim") String groupsClaim) {

    /** The algorithms accepted when the configuration names none. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256");
    private static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    public OidcConfig {
        if (issuer == null || issuer.isBlank()) {
            throw new ConfigException("oidc.issuer is required: the provider's issuer URL, exactly as its tokens' iss claim");
        }
        issuer = issuer.strip();
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("oidc.issuer is not a URL: " + issuer);
        }
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && isLoopback(uri.getHost()))) {
            throw new ConfigException("oidc.issuer must be an https URL (http only on localhost, for tests): " + issuer);
        }
        if (audience == null || audience.isBlank()) {
            throw new ConfigException("oidc.audience is required: the value the provider puts in the tokens' aud claim for Countersign");
        }
        audience = audience.strip();
        algorithms = algorithms == null || algorithms.isEmpty() ? DEFAULT_ALGORITHMS : List.copyOf(algorithms);
        for (String a : algorithms) {
            if (!SUPPORTED.contains(JWSAlgorithm.parse(a.strip().toUpperCase(Locale.ROOT)))) {
                throw new ConfigException("oidc.algorithms: '" + a + "' is not accepted; use asymmetric signature algorithms such as"
                        + " RS256, PS256 or ES256 (never none, never HS256/384/512)");
            }
        }
        identityClaim = identityClaim == null || identityClaim.isBlank() ? "email" : identityClaim.strip();
        groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim.strip();
    }

    /** A configuration with the default algorithms and claims. */
    public static OidcConfig of(String issuer, String audience) {
        return new OidcConfig(issuer, audience, null, null, null);
    }

    /** The accepted algorithms as nimbus understands them. */
    public Set<JWSAlgorithm> jwsAlgorithms() {
        return Set.copyOf(algorithms.stream().map(a -> JWSAlgorithm.parse(a.strip().toUpperCase(Locale.ROOT))).toList());
    }

    /** Where the provider's discovery document is (OpenID Connect Discovery 1.0, section 4). */
    public URI discoveryUrl() {
        return URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host);
    }
}
