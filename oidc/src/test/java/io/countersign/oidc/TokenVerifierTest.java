package io.countersign.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.countersign.config.ConfigException;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TokenVerifier} against a real OpenID provider (mock-oauth2-server, in-process on loopback). */
class TokenVerifierTest {

    private static final String ISSUER_ID = "acme";
    private static final String AUDIENCE = "countersign";
    private static MockOAuth2Server provider;
    private static TokenVerifier verifier;

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        verifier = TokenVerifier.of(OidcConfig.of(provider.issuerUrl(ISSUER_ID).toString(), AUDIENCE), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        provider.shutdown();
    }

    private static String token(String audience, long expirySeconds) {
        return provider.issueToken(ISSUER_ID, "00u1abc", audience,
                Map.of("email", "alice@example.com", "groups", List.of("countersign-data-stewards", "staff")), expirySeconds).serialize();
    }

    @Test
    void aValidTokenIsAcceptedWithItsIdentityAndGroups() throws Exception {
        VerifiedToken verified = verifier.verify(token(AUDIENCE, 600));

        assertThat(verified.subject()).isEqualTo("00u1abc");
        assertThat(verified.identity()).isEqualTo("alice@example.com");
        assertThat(verified.groups()).containsExactlyInAnyOrder("countersign-data-stewards", "staff");
        assertThat(verified.actor()).isNull();
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = token(AUDIENCE, 600).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("alice@example.com", "mallory@example.com");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];

        assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(TokenRejectedException.class)
                .hasMessage("the token's signature is invalid");
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertThatThrownBy(() -> verifier.verify(token(AUDIENCE, -600))).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertThatThrownBy(() -> verifier.verify(token("some-other-app", 600))).isInstanceOf(TokenRejectedException.class)
                .hasMessage("the token's audience does not include countersign");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefusedEvenWhenSignedWithTheProvidersKey() {
        // Same signing key (same issuer id at the provider), another issuer URL in iss.
        HttpUrl otherIssuer = provider.issuerUrl(ISSUER_ID).newBuilder().host("127.0.0.2").build();
        String token = provider.anyToken(otherIssuer, Map.of("sub", "00u1abc", "aud", AUDIENCE, "email", "alice@example.com"),
                java.time.Duration.ofMinutes(10)).serialize();

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class)
                .hasMessageStartingWith("the token's issuer is not ");
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        String none = new PlainJWT(claims().build()).serialize();

        assertThatThrownBy(() -> verifier.verify(none)).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("not signed");
    }

    @Test
    void anHmacTokenSignedWithThePublicKeyIsRefused() throws Exception {
        // The classic key-confusion attack: HS256 keyed with something public, naming the provider's key id.
        String kid = SignedJWT.parse(token(AUDIENCE, 600)).getHeader().getKeyID();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims().build());
        hmac.sign(new MACSigner(new byte[32]));

        assertThatThrownBy(() -> verifier.verify(hmac.serialize())).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("signature algorithm is not accepted");
    }

    @Test
    void aTokenWithoutTheIdentityClaimIsRefused() {
        String token = provider.issueToken(ISSUER_ID, "00u1abc", AUDIENCE, Map.of(), 600).serialize();

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class)
                .hasMessage("the token has no email claim");
    }

    @Test
    void anEmailTheProviderSaysIsUnverifiedIsRefused() {
        String token = provider.issueToken(ISSUER_ID, "00u1abc", AUDIENCE, Map.of("email", "alice@example.com", "email_verified", false), 600)
                .serialize();

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class)
                .hasMessage("the token's email is not verified by the identity provider");
    }

    @Test
    void theConfigurationRefusesNoneAndHmacAlgorithms() {
        String issuer = provider.issuerUrl(ISSUER_ID).toString();
        assertThatThrownBy(() -> new OidcConfig(issuer, AUDIENCE, List.of("none"), null, null)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new OidcConfig(issuer, AUDIENCE, List.of("HS256"), null, null)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> OidcConfig.of("http://idp.example.com/", AUDIENCE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("https");
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(provider.issuerUrl(ISSUER_ID).toString()).audience(AUDIENCE).subject("00u1abc")
                .claim("email", "alice@example.com").expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }
}
