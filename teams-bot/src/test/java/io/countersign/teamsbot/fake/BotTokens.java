package io.countersign.teamsbot.fake;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Mints RSA keys and Bot Framework-shaped tokens locally, good and bad, for the authentication tests. */
public final class BotTokens {

    private BotTokens() {
    }

    public static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims the Bot Connector puts in a token for {@code appId}, valid from a minute before {@code now} for an hour. */
    public static JWTClaimsSet.Builder claims(String appId, String serviceUrl, Instant now) {
        return new JWTClaimsSet.Builder().issuer("https://api.botframework.com").audience(appId)
                .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(1)))).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("serviceurl", serviceUrl);
    }

    /** {@code claims} signed RS256 with {@code key}, the header naming {@code kid}. */
    public static String sign(RSAKey key, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} signed HS256 with {@code publicKey}'s encoded public key as the HMAC secret (the classic key-confusion attack). */
    public static String hmacWithPublicKey(RSAKey publicKey, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicKey.getKeyID()).build(), claims);
            jwt.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code "alg":"none"}) naming {@code kid}, with an empty signature part. */
    public static String unsigned(String kid, JWTClaimsSet claims) {
        String header = "{\"alg\":\"none\",\"kid\":\"" + kid + "\"}";
        return Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "." + Base64URL.encode(claims.toString()) + ".";
    }
}
