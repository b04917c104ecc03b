package io.countersign.oidc;

import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A token that passed every check of {@link TokenVerifier}: its subject, the value of the configured
 * identity claim (e.g. the e-mail address), the groups the provider lists for the person, the actor of a
 * delegation ({@code act.sub}, RFC 8693; null when the token carries none), its expiry, and all its claims.
 */
public record VerifiedToken(String subject, String identity, Set<String> groups, String actor, Instant expiresAt,
                            JWTClaimsSet claims) {

    public VerifiedToken {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(identity, "identity");
        groups = Set.copyOf(groups);
        Objects.requireNonNull(claims, "claims");
    }

    /** The actor ({@code act.sub}) of an RFC 8693 delegation token, or null. */
    static String actorOf(JWTClaimsSet claims) {
        Object act = claims.getClaim("act");
        if (act instanceof Map<?, ?> map && map.get("sub") instanceof String sub && !sub.isBlank()) {
            return sub;
        }
        return null;
    }
}
