package io.countersign.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a JWT issued by the configured OpenID provider, one check at a time so a refusal can say
 * which failed: a JWS (an unsigned {@code alg: none} token or an encrypted one is refused) signed with
 * one of the configured algorithms by a key the provider publishes ({@link ProviderKeys}, and the key's
 * own {@code alg}, when it names one, must match); {@code iss} exactly the configured issuer; {@code aud}
 * containing the configured audience; {@code exp} present and not passed, {@code nbf} and {@code iat} not
 * in the future, each with {@link #CLOCK_SKEW}; {@code sub} and the configured identity claim present (an
 * {@code email} identity not with {@code email_verified: false}).
 */
public final class TokenVerifier {

    /** The clock difference tolerated between the provider and Countersign. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final OidcConfig config;
    private final ProviderKeys keys;
    private final Set<JWSAlgorithm> algorithms;
    private final Clock clock;

    public TokenVerifier(OidcConfig config, ProviderKeys keys, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.algorithms = config.jwsAlgorithms();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier fetching the provider's keys itself. */
    public static TokenVerifier of(OidcConfig config, Clock clock) {
        return new TokenVerifier(config, ProviderKeys.of(config, clock), clock);
    }

    public OidcConfig config() {
        return config;
    }

    /** Whether {@code token} has the shape of a JWT (three base64url parts), i.e. is worth verifying as one. */
    public static boolean looksLikeJwt(String token) {
        return token != null && token.chars().filter(c -> c == '.').count() >= 2 && !token.contains(" ");
    }

    /** The verified token; a TokenRejectedException names the first failed check. */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException("no usable token");
        }
        SignedJWT jwt = signed(token.strip());
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            // The header's alg is not echoed: it is the caller's text.
            throw new TokenRejectedException("the token's signature algorithm is not accepted (accepted: " + config.algorithms() + ")");
        }
        if (header.getKeyID() == null) {
            throw new TokenRejectedException("the token names no signing key (kid)");
        }
        JWK key = keys.find(header.getKeyID());
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(header.getAlgorithm())) {
            throw new TokenRejectedException("the token's algorithm does not match its signing key's");
        }
        try {
            if (!jwt.verify(verifier(key, header.getAlgorithm()))) {
                throw new TokenRejectedException("the token's signature is invalid");
            }
            return checkClaims(jwt.getJWTClaimsSet());
        } catch (JOSEException | ParseException e) {
            throw new TokenRejectedException("the token cannot be verified");
        }
    }

    private static SignedJWT signed(String token) throws TokenRejectedException {
        try {
            JWT jwt = JWTParser.parse(token);
            if (jwt instanceof SignedJWT signed) {
                return signed;
            }
            throw new TokenRejectedException("the token is not signed (alg none or encrypted tokens are never accepted)");
        } catch (ParseException e) {
            throw new TokenRejectedException("the token is not a JWT");
        }
    }

    private static JWSVerifier verifier(JWK key, JWSAlgorithm alg) throws JOSEException, TokenRejectedException {
        if (key instanceof RSAKey rsa && (JWSAlgorithm.Family.RSA.contains(alg))) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
            return new ECDSAVerifier(ec);
        }
        throw new TokenRejectedException("the token's algorithm does not match its signing key's type");
    }

    private VerifiedToken checkClaims(JWTClaimsSet claims) throws TokenRejectedException, ParseException {
        if (!config.issuer().equals(claims.getIssuer())) {
            throw new TokenRejectedException("the token's issuer is not " + config.issuer());
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(config.audience())) {
            throw new TokenRejectedException("the token's audience does not include " + config.audience());
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejectedException("the token has no expiry (exp)");
        }
        if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new TokenRejectedException("the token has expired; get a new one from the identity provider");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(CLOCK_SKEW))) {
            throw new TokenRejectedException("the token is not valid yet (nbf)");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.isBefore(iat.toInstant().minus(CLOCK_SKEW))) {
            throw new TokenRejectedException("the token is issued in the future (iat)");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException("the token has no subject (sub)");
        }
        Object identity = claims.getClaim(config.identityClaim());
        if (!(identity instanceof String id) || id.isBlank()) {
            throw new TokenRejectedException("the token has no " + config.identityClaim() + " claim");
        }
        if ("email".equals(config.identityClaim()) && Boolean.FALSE.equals(claims.getClaim("email_verified"))) {
            // Where the provider says so, the address was never proven to belong to the person: it names nobody.
            throw new TokenRejectedException("the token's email is not verified by the identity provider");
        }
        return new VerifiedToken(subject, id, groups(claims.getClaim(config.groupsClaim())), VerifiedToken.actorOf(claims),
                exp.toInstant(), claims);
    }

    /** The groups claim as a set: a list of strings, or one string; anything else is no groups. */
    private static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof String one) {
            groups.add(one);
        } else if (claim instanceof Collection<?> many) {
            many.stream().filter(String.class::isInstance).map(String.class::cast).forEach(groups::add);
        }
        return groups;
    }
}
