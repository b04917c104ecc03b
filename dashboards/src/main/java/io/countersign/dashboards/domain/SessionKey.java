package io.countersign.dashboards.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The HMAC-SHA256 key that signs session cookies and sign-in attempts. Every dashboards instance given
 * the same key accepts the others' cookies, so a restarted or different instance keeps people signed in.
 * At least 32 bytes; never logged.
 */
public final class SessionKey {

    public static final int MIN_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecretKeySpec key;

    public SessionKey(byte[] bytes) {
        if (bytes == null || bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("a session key needs at least " + MIN_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes.clone(), "HmacSHA256");
    }

    /** A fresh random key: sessions then last only as long as this process. */
    public static SessionKey random() {
        byte[] bytes = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new SessionKey(bytes);
    }

    /** {@code payload}, then {@code ~} and its signature (base64url). */
    public String sign(String payload) {
        return payload + "~" + B64.encodeToString(mac(payload));
    }

    /** The payload of a value made by {@link #sign}; empty when the signature does not match. */
    public Optional<String> verify(String signed) {
        if (signed == null || signed.length() > 4_096) {
            return Optional.empty();
        }
        int at = signed.lastIndexOf('~');
        if (at < 0) {
            return Optional.empty();
        }
        String payload = signed.substring(0, at);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signed.substring(at + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(mac(payload), given) ? Optional.of(payload) : Optional.empty();
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SessionKey[redacted]";
    }
}
