package io.countersign.teamsbot.adapter.in;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.countersign.teamsbot.domain.ServiceUrl;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the JWT the Bot Connector sends with every activity, step by step as Microsoft documents for
 * connector-to-bot authentication: an {@code Authorization: Bearer} token; a JWS signed with RS256 (nothing
 * else: no {@code none}, no HMAC, which would let a caller sign with the public key) by a key of the Bot
 * Framework's OpenID keys ({@link OpenIdKeys}); issuer {@code https://api.botframework.com}; audience this
 * bot's app id; not expired and already valid, with 5 minutes of clock skew. {@link Verified#checkActivity}
 * then binds the token to the activity: the token's {@code serviceurl} claim must be the activity's
 * {@code serviceUrl} (else a stolen token could send the bot's replies, and its app token, elsewhere) and,
 * when the signing key carries endorsements, they must include the activity's channel.
 */
public final class BotFrameworkAuth {

    /** The issuer of every token the Bot Connector sends to bots. */
    public static final String ISSUER = "https://api.botframework.com";
    /** The clock skew Microsoft asks bots to allow. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final OpenIdKeys keys;
    private final String appId;
    private final Clock clock;

    public BotFrameworkAuth(OpenIdKeys keys, String appId, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token that passed every check not involving the activity, with what {@link #checkActivity} needs. */
    public record Verified(ServiceUrl serviceUrl, Set<String> endorsements) {

        /** Throws unless the activity came from the service URL and (when endorsements exist) channel the token vouches for. */
        public void checkActivity(ServiceUrl activityServiceUrl, String channelId) throws AuthenticationException {
            if (activityServiceUrl == null || !activityServiceUrl.equals(serviceUrl)) {
                throw new AuthenticationException("the activity's serviceUrl is not the token's serviceurl claim");
            }
            if (endorsements != null && (channelId == null || !endorsements.contains(channelId))) {
                throw new AuthenticationException("the signing key is not endorsed for the activity's channel");
            }
        }
    }

    /** Verifies the {@code Authorization} header's token; an AuthenticationException names the failed check. */
    public Verified verify(String authorization) throws AuthenticationException {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationException("no Bearer token");
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new AuthenticationException("no usable Bearer token");
        }
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new AuthenticationException("token algorithm is not RS256");
        }
        if (header.getKeyID() == null) {
            throw new AuthenticationException("token names no signing key");
        }
        OpenIdKeys.SigningKey key = keys.find(header.getKeyID());
        try {
            if (!jwt.verify(new RSASSAVerifier(key.key()))) {
                throw new AuthenticationException("token signature is invalid");
            }
            return checkClaims(jwt.getJWTClaimsSet(), key);
        } catch (JOSEException | ParseException e) {
            throw new AuthenticationException("token cannot be verified");
        }
    }

    private static SignedJWT signed(String token) throws AuthenticationException {
        try {
            JWT jwt = JWTParser.parse(token);
            if (jwt instanceof SignedJWT signed) {
                return signed;
            }
            throw new AuthenticationException("token is not signed");
        } catch (ParseException e) {
            throw new AuthenticationException("token is not a JWT");
        }
    }

    private Verified checkClaims(JWTClaimsSet claims, OpenIdKeys.SigningKey key) throws AuthenticationException, ParseException {
        if (!ISSUER.equals(claims.getIssuer())) {
            throw new AuthenticationException("token issuer is not " + ISSUER);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(appId)) {
            throw new AuthenticationException("token audience is not this bot's app id");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new AuthenticationException("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(CLOCK_SKEW))) {
            throw new AuthenticationException("token not valid yet");
        }
        ServiceUrl serviceUrl = ServiceUrl.parseOrNull(claims.getStringClaim("serviceurl"));
        if (serviceUrl == null) {
            throw new AuthenticationException("token has no usable serviceurl claim");
        }
        return new Verified(serviceUrl, key.endorsements());
    }
}
