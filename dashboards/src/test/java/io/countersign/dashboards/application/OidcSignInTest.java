package io.countersign.dashboards.application;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.countersign.dashboards.adapter.out.DiscoveredProvider;
import io.countersign.dashboards.domain.Person;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.SessionKey;
import io.countersign.dashboards.domain.TestClock;
import io.countersign.oidc.OidcConfig;
import io.countersign.oidc.TokenVerifier;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenID Connect sign-in against a real provider (mock-oauth2-server on loopback): the whole code flow
 * with PKCE, and each check refusing — a wrong or replayed state, a missing or late attempt, ID tokens
 * (really signed by the provider, handed back by its token endpoint stand-in) with the wrong nonce or
 * audience, expired, or unsigned ({@code alg: none}), and someone whose groups grant no role.
 */
class OidcSignInTest {

    private static final String ISSUER_ID = "acme";
    private static final String CLIENT_ID = "countersign-dashboards";
    private static final String REDIRECT = "http://127.0.0.1:8090/login/oidc/callback";
    private static final Map<String, Role> ROLES = Map.of("countersign-auditors", Role.AUDITOR, "countersign-analysts", Role.ANALYST);
    private static MockOAuth2Server provider;
    private static OidcConfig config;
    private final SessionKey key = SessionKey.random();
    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        config = new OidcConfig(provider.issuerUrl(ISSUER_ID).toString(), CLIENT_ID, null, "email", "groups");
    }

    @AfterAll
    static void stop() {
        provider.shutdown();
    }

    private OidcSignIn signIn(OidcProvider endpoints) {
        return signIn(endpoints, key);
    }

    private OidcSignIn signIn(OidcProvider endpoints, SessionKey signingKey) {
        return new OidcSignIn(endpoints, TokenVerifier.of(config, Clock.systemUTC()), REDIRECT, List.of("openid", "email"), ROLES, signingKey, clock);
    }

    private OidcSignIn realFlow() {
        return signIn(new DiscoveredProvider(config, "a client secret", REDIRECT));
    }

    /** Follows the authorization request to the provider, which signs the enqueued person in and redirects back with a code. */
    private Map<String, String> authorize(OidcSignIn.Start start, List<String> groups) throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "00u-alice", "JWT", List.of(CLIENT_ID),
                Map.of("email", "alice@example.com", "groups", groups), 600));
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(start.redirect()).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(back.toString()).startsWith(REDIRECT + "?");
        return query(back);
    }

    @Test
    void theCodeFlowWithPkceSignsInWithTheRoleOfTheGroupsClaimAndTheStateCannotBeReplayed() throws Exception {
        OidcSignIn signIn = realFlow();
        OidcSignIn.Start start = signIn.begin("/#/intents/x");
        Map<String, String> request = query(start.redirect());
        assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID).containsEntry("redirect_uri", REDIRECT)
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid email").containsKeys("state", "nonce", "code_challenge");
        Map<String, String> callback = authorize(start, List.of("staff", "countersign-auditors"));

        OidcSignIn.Outcome outcome = signIn.complete(start.attemptCookie(), callback.get("state"), callback.get("code"), null);
        assertThat(outcome).isEqualTo(new OidcSignIn.Outcome.SignedIn(new Person("alice@example.com", Set.of(Role.AUDITOR)), "/#/intents/x"));
        assertThat(signIn.complete(start.attemptCookie(), callback.get("state"), callback.get("code"), null))
                .as("the same callback again").isEqualTo(new OidcSignIn.Outcome.Refused("this sign-in was already completed; start again"));
    }

    @Test
    void aStepUpSignInAsksTheProviderToAuthenticateAgainAndHandsBackTheVerifiedTokenWithoutASession() throws Exception {
        OidcSignIn signIn = realFlow();
        OidcSignIn.Start start = signIn.beginStepUp("v1.link.mac", "ticket DPO-17", 300, "urn:acme:mfa");
        assertThat(query(start.redirect())).containsEntry("prompt", "login").containsEntry("max_age", "300")
                .containsEntry("acr_values", "urn:acme:mfa").containsKeys("state", "nonce", "code_challenge");
        // prompt=login: the provider shows its login page instead of redirecting at once; the person signs in there.
        HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(start.redirect()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("name=\"username\"");
        String form = "username=alice&claims=" + java.net.URLEncoder.encode("{\"email\": \"alice@example.com\", \"amr\": [\"pwd\", \"otp\"]}",
                StandardCharsets.UTF_8);
        HttpResponse<Void> signedIn = http.send(HttpRequest.newBuilder(start.redirect()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        Map<String, String> callback = query(URI.create(signedIn.headers().firstValue("Location").orElseThrow()));
        OidcSignIn.Outcome outcome = signIn.complete(start.attemptCookie(), callback.get("state"), callback.get("code"), null);
        assertThat(outcome).isInstanceOf(OidcSignIn.Outcome.SteppedUp.class);
        OidcSignIn.Outcome.SteppedUp steppedUp = (OidcSignIn.Outcome.SteppedUp) outcome;
        assertThat(steppedUp.identity()).as("approvers need no dashboards role").isEqualTo("alice@example.com");
        assertThat(steppedUp.link()).isEqualTo("v1.link.mac");
        assertThat(steppedUp.reason()).isEqualTo("ticket DPO-17");
        assertThat(TokenVerifier.of(config, Clock.systemUTC()).verify(steppedUp.idToken()).identity()).isEqualTo("alice@example.com");
        assertThat(query(signIn.beginStepUp("v1.link.mac", null, 120, null).redirect())).doesNotContainKey("acr_values")
                .containsEntry("max_age", "120");
    }

    @Test
    void someoneWhoseGroupsGrantNoRoleIsNotSignedIn() throws Exception {
        OidcSignIn signIn = realFlow();
        OidcSignIn.Start start = signIn.begin("/");
        Map<String, String> callback = authorize(start, List.of("staff"));
        assertThat(signIn.complete(start.attemptCookie(), callback.get("state"), callback.get("code"), null))
                .isEqualTo(new OidcSignIn.Outcome.NoRole("alice@example.com"));
    }

    @Test
    void aCallbackWithAnotherStateWithoutTheAttemptOrTooLateIsRefusedBeforeAnyCodeIsExchanged() throws Exception {
        OidcSignIn signIn = signIn(endpointsNeverCalled());
        OidcSignIn.Start start = signIn.begin("/");
        String state = query(start.redirect()).get("state");
        assertThat(refusal(signIn.complete(start.attemptCookie(), state + "x", "code", null))).contains("state does not match");
        assertThat(refusal(signIn.complete(start.attemptCookie(), null, "code", null))).contains("state does not match");
        OidcSignIn.Start other = signIn.begin("/");
        assertThat(refusal(signIn.complete(other.attemptCookie(), state, "code", null))).as("another attempt's cookie").contains("state does not match");
        assertThat(refusal(signIn.complete(null, state, "code", null))).contains("no sign-in was started in this browser");
        String forged = start.attemptCookie().replace("a1.", "a1.x");
        assertThat(refusal(signIn.complete(forged, state, "code", null))).contains("no sign-in was started in this browser");
        assertThat(refusal(signIn(endpointsNeverCalled(), SessionKey.random()).complete(start.attemptCookie(), state, "code", null)))
                .as("an attempt signed with another key").contains("no sign-in was started in this browser");
        clock.now = clock.now.plus(OidcSignIn.ATTEMPT_LIFETIME).plusSeconds(1);
        assertThat(refusal(signIn.complete(start.attemptCookie(), state, "code", null))).contains("took longer than 10 minutes");
        OidcSignIn.Start denied = signIn.begin("/");
        assertThat(refusal(signIn.complete(denied.attemptCookie(), query(denied.redirect()).get("state"), null, "access_denied")))
                .isEqualTo("the identity provider did not sign you in (access_denied)");
    }

    @Test
    void idTokensWithTheWrongNonceOrAudienceExpiredOrUnsignedAreRefused() throws Exception {
        assertThat(refusalFor(nonce -> issued(CLIENT_ID, "another-nonce", 600))).isEqualTo("the ID token was refused: its nonce is not this sign-in's");
        assertThat(refusalFor(nonce -> issued("another-client", nonce, 600))).isEqualTo("the ID token was refused: the token's audience does not include "
                + CLIENT_ID);
        assertThat(refusalFor(nonce -> issued(CLIENT_ID, nonce, -600))).startsWith("the ID token was refused: the token has expired");
        assertThat(refusalFor(nonce -> new PlainJWT(new JWTClaimsSet.Builder().issuer(config.issuer()).audience(CLIENT_ID).subject("00u-alice")
                .claim("email", "alice@example.com").claim("nonce", nonce).claim("groups", List.of("countersign-auditors"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build()).serialize()))
                .startsWith("the ID token was refused: the token is not signed");
        assertThat(refusalFor(nonce -> null)).as("an answer without an ID token").startsWith("the ID token was refused: no usable token");
        assertThat(refusalFor(nonce -> issued(CLIENT_ID, nonce, 600))).as("the same token with the right nonce is accepted").isNull();
    }

    /** The refusal of a callback whose token endpoint answers {@code token(nonce of the attempt)}; null when signed in. */
    private String refusalFor(java.util.function.Function<String, String> token) throws Exception {
        Map<String, String> sent = new HashMap<>();
        OidcSignIn signIn = signIn(new OidcProvider() {
            @Override
            public URI authorizationEndpoint() {
                return provider.authorizationEndpointUrl(ISSUER_ID).uri();
            }

            @Override
            public String idToken(String code, String codeVerifier) {
                sent.put("verifier", codeVerifier);
                return token.apply(sent.get("nonce"));
            }
        });
        OidcSignIn.Start start = signIn.begin("/");
        Map<String, String> request = query(start.redirect());
        sent.put("nonce", request.get("nonce"));
        OidcSignIn.Outcome outcome = signIn.complete(start.attemptCookie(), request.get("state"), "the-code", null);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(sent.get("verifier").getBytes(StandardCharsets.US_ASCII)));
        assertThat(challenge).as("PKCE S256: the verifier sent is the one challenged").isEqualTo(request.get("code_challenge"));
        return outcome instanceof OidcSignIn.Outcome.SignedIn ? null : refusal(outcome);
    }

    /** An ID token as the provider's token endpoint issues it to this client (azp), for {@code audience}. */
    private static String issued(String audience, String nonce, long expirySeconds) {
        return provider.issueToken(ISSUER_ID, CLIENT_ID, new DefaultOAuth2TokenCallback(ISSUER_ID, "00u-alice", "JWT", List.of(audience),
                Map.of("email", "alice@example.com", "nonce", nonce, "groups", List.of("countersign-auditors")), expirySeconds)).serialize();
    }

    private static String refusal(OidcSignIn.Outcome outcome) {
        assertThat(outcome).isInstanceOf(OidcSignIn.Outcome.Refused.class);
        return ((OidcSignIn.Outcome.Refused) outcome).reason();
    }

    private static OidcProvider endpointsNeverCalled() {
        return new OidcProvider() {
            @Override
            public URI authorizationEndpoint() {
                return URI.create("https://login.example.com/authorize");
            }

            @Override
            public String idToken(String code, String codeVerifier) throws IOException {
                throw new AssertionError("no code may be exchanged for a refused callback");
            }
        };
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
