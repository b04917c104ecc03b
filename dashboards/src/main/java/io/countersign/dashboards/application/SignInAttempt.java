package io.countersign.dashboards.application;

import io.countersign.dashboards.domain.SessionKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * One OpenID Connect sign-in in progress, kept in the browser as a signed cookie between leaving for the
 * provider and coming back, so any instance can finish it: the {@code state} the callback must echo, the
 * {@code nonce} the ID token must carry, the PKCE {@code code_verifier} (RFC 7636), where to go afterwards,
 * and when the attempt expires; for a step-up, also the one-time link and the approver's reason (then the
 * sign-in approves that request and starts no session).
 */
record SignInAttempt(String state, String nonce, String verifier, String next, Instant expires, String stepUpLink, String reason) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static SignInAttempt fresh(String next, Instant expires) {
        return new SignInAttempt(random(), random(), random(), next, expires, null, null);
    }

    static SignInAttempt stepUp(String link, String reason, Instant expires) {
        return new SignInAttempt(random(), random(), random(), "/", expires, link, reason == null ? "" : reason);
    }

    boolean isStepUp() {
        return stepUpLink != null;
    }

    /** The S256 code challenge: base64url(SHA-256(verifier)). */
    String challenge() {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String encode(SessionKey key) {
        String common = String.join(".", state, nonce, verifier, B64.encodeToString(next.getBytes(StandardCharsets.UTF_8)),
                Long.toString(expires.getEpochSecond()));
        if (!isStepUp()) {
            return key.sign("a1." + common);
        }
        return key.sign("a2." + common + "." + B64.encodeToString(stepUpLink.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(reason.getBytes(StandardCharsets.UTF_8)));
    }

    /** The attempt of cookie {@code value}; empty when it is not one this deployment signed. */
    static Optional<SignInAttempt> decode(SessionKey key, String value) {
        return key.verify(value).flatMap(payload -> {
            String[] f = payload.split("\\.", -1);
            boolean stepUp = f.length == 8 && f[0].equals("a2");
            if (!stepUp && (f.length != 6 || !f[0].equals("a1"))) {
                return Optional.empty();
            }
            try {
                return Optional.of(new SignInAttempt(f[1], f[2], f[3], text(f[4]), Instant.ofEpochSecond(Long.parseLong(f[5])),
                        stepUp ? text(f[6]) : null, stepUp ? text(f[7]) : null));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private static String text(String b64) {
        return new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** 256 random bits, base64url: unguessable state, nonce and code verifier (43 characters, as RFC 7636 asks). */
    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}
