package io.countersign.dashboards.application;

import io.countersign.dashboards.domain.Person;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.SessionKey;
import io.countersign.oidc.TokenRejectedException;
import io.countersign.oidc.TokenVerifier;
import io.countersign.oidc.VerifiedToken;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in with OpenID Connect, authorization code flow with PKCE (S256). {@link #begin} makes a fresh
 * {@code state}, {@code nonce} and code verifier (a signed {@link SignInAttempt} cookie) and the URL of
 * the provider's authorization endpoint. {@link #complete} accepts the callback only with the state of
 * that attempt, unexpired and not used before in this process (the provider refuses a code used twice
 * anywhere), exchanges the code with the verifier, verifies the ID token ({@link TokenVerifier}: signature
 * by the provider's JWKS with pinned algorithms, issuer, audience = client id, expiry) and its
 * {@code nonce}, and maps the token's groups to dashboards roles.
 */
public final class OidcSignIn {

    /** How long someone may take at the provider's sign-in page. */
    public static final Duration ATTEMPT_LIFETIME = Duration.ofMinutes(10);

    /** Where to send the browser, and the attempt cookie to set. */
    public record Start(URI redirect, String attemptCookie) {
    }

    /** What a callback came to. */
    public sealed interface Outcome {
        /** Verified, with at least one role. */
        record SignedIn(Person person, String next) implements Outcome {
        }

        /** Verified, but none of the person's groups grants a role. */
        record NoRole(String identity) implements Outcome {
        }

        /**
         * A step-up sign-in, verified (signature, issuer, audience, expiry, nonce): {@code idToken} goes with
         * the one-time {@code link} to the approval API, which checks its freshness and factors. No session.
         */
        record SteppedUp(String identity, String idToken, String link, String reason) implements Outcome {
        }

        /** Not signed in; {@code reason} says which check failed (never a token's content). */
        record Refused(String reason) implements Outcome {
        }
    }

    private final OidcProvider provider;
    private final TokenVerifier verifier;
    private final String clientId;
    private final String redirectUrl;
    private final List<String> scopes;
    private final Map<String, Role> groupRoles;
    private final SessionKey key;
    private final Clock clock;
    private final Map<String, Instant> usedStates = new ConcurrentHashMap<>();

    public OidcSignIn(OidcProvider provider, TokenVerifier verifier, String redirectUrl, List<String> scopes, Map<String, Role> groupRoles,
                      SessionKey key, Clock clock) {
        this.provider = provider;
        this.verifier = verifier;
        this.clientId = verifier.config().audience();
        this.redirectUrl = redirectUrl;
        this.scopes = List.copyOf(scopes);
        this.groupRoles = Map.copyOf(groupRoles);
        this.key = key;
        this.clock = clock;
    }

    public Start begin(String next) throws IOException {
        return start(SignInAttempt.fresh(next, clock.instant().plus(ATTEMPT_LIFETIME)), "");
    }

    /**
     * A step-up sign-in for the one-time {@code link}: the provider is asked to authenticate the person
     * again ({@code prompt=login}, {@code max_age}) and, when configured, at {@code acrValues}; the approval
     * API still checks {@code auth_time} and {@code amr}/{@code acr} itself, whatever the provider did.
     */
    public Start beginStepUp(String link, String reason, long maxAgeSeconds, String acrValues) throws IOException {
        String extra = "&prompt=login&max_age=" + maxAgeSeconds + (acrValues == null || acrValues.isBlank() ? "" : "&acr_values=" + enc(acrValues));
        return start(SignInAttempt.stepUp(link, reason, clock.instant().plus(ATTEMPT_LIFETIME)), extra);
    }

    private Start start(SignInAttempt attempt, String extra) throws IOException {
        String query = "response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirectUrl) + "&scope=" + enc(String.join(" ", scopes))
                + "&state=" + attempt.state() + "&nonce=" + attempt.nonce() + "&code_challenge=" + attempt.challenge() + "&code_challenge_method=S256" + extra;
        String endpoint = provider.authorizationEndpoint().toString();
        return new Start(URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + query), attempt.encode(key));
    }

    /** The callback with the attempt cookie and the {@code state}, {@code code} and {@code error} parameters. */
    public Outcome complete(String attemptCookie, String state, String code, String error) {
        Optional<SignInAttempt> found = attemptCookie == null ? Optional.empty() : SignInAttempt.decode(key, attemptCookie);
        if (found.isEmpty()) {
            return new Outcome.Refused("no sign-in was started in this browser (or it was started elsewhere); start again");
        }
        SignInAttempt attempt = found.get();
        Instant now = clock.instant();
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), attempt.state().getBytes(StandardCharsets.UTF_8))) {
            return new Outcome.Refused("the state does not match this browser's sign-in; start again");
        }
        if (!now.isBefore(attempt.expires())) {
            return new Outcome.Refused("the sign-in took longer than " + ATTEMPT_LIFETIME.toMinutes() + " minutes; start again");
        }
        usedStates.values().removeIf(until -> until.isBefore(now));
        if (usedStates.putIfAbsent(attempt.state(), attempt.expires()) != null) {
            return new Outcome.Refused("this sign-in was already completed; start again");
        }
        if (error != null || code == null || code.isBlank()) {
            return new Outcome.Refused("the identity provider did not sign you in" + (error == null ? "" : " (" + error.replaceAll("[^a-z_]", "") + ")"));
        }
        VerifiedToken token;
        String raw;
        try {
            raw = provider.idToken(code, attempt.verifier());
            token = verifier.verify(raw);
            checkNonceAndParty(token, attempt.nonce());
        } catch (TokenRejectedException e) {
            return new Outcome.Refused("the ID token was refused: " + e.getMessage());
        } catch (IOException e) {
            return new Outcome.Refused("the identity provider's token endpoint failed: " + e.getMessage());
        }
        if (attempt.isStepUp()) {
            // Approvers need no dashboards role: the sign-in only proves who they are, to the approval API.
            return new Outcome.SteppedUp(token.identity(), raw, attempt.stepUpLink(), attempt.reason());
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        token.groups().stream().map(groupRoles::get).filter(r -> r != null).forEach(roles::add);
        if (roles.isEmpty()) {
            return new Outcome.NoRole(token.identity());
        }
        try {
            return new Outcome.SignedIn(new Person(token.identity(), roles), attempt.next());
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("the ID token's identity claim is not a usable name (over 256 characters, or control characters)");
        }
    }

    /** The provider's sign-in page, for pages whose forms lead there (their form-action must allow it). */
    public URI authorizationEndpoint() throws IOException {
        return provider.authorizationEndpoint();
    }

    /** The groups that grant a role, for the page that tells someone without one whom to ask. */
    public Set<String> roleGroups() {
        return groupRoles.keySet();
    }

    private void checkNonceAndParty(VerifiedToken token, String nonce) throws TokenRejectedException {
        try {
            String claimed = token.claims().getStringClaim("nonce");
            if (claimed == null || !MessageDigest.isEqual(claimed.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
                throw new TokenRejectedException("its nonce is not this sign-in's");
            }
            // OpenID Connect Core 3.1.3.7: with several audiences, the authorized party must be this client.
            String azp = token.claims().getStringClaim("azp");
            if ((token.claims().getAudience().size() > 1 || azp != null) && !clientId.equals(azp)) {
                throw new TokenRejectedException("it was issued to another client (azp)");
            }
        } catch (ParseException e) {
            throw new TokenRejectedException("its nonce or azp is not a string");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
