package io.countersign.approvals.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * One-time step-up links: when an approver clicks Approve on a request whose policy requires step-up,
 * the channel (Slack, Teams, the approval API) answers with a link to the dashboards' step-up page instead
 * of recording the approval. The link is bound to the request and the approver, valid for {@code ttl},
 * and authenticated with HMAC-SHA256 under a key the channels and the approval API share (a file with 32
 * random bytes, base64, from {@code countersign keys step-up}); the approval API accepts each link once.
 *
 * <p>Token: {@code v1.<base64url payload>.<base64url mac>}, payload = link id, request id, approver and
 * expiry (epoch ms), one per line; the MAC covers a domain tag and the payload, and is compared in
 * constant time. The link is not a credential on its own: the approval it leads to also needs an ID token
 * with a fresh multi-factor sign-in by that same approver.
 */
public final class StepUpLinks {

    /** A verified link. */
    public record Link(String id, String requestId, Identity approver, Instant expiresAt) {
    }

    /** Why a token is not a valid link; the message is safe to show the person. */
    public static final class InvalidLinkException extends Exception {
        public InvalidLinkException(String message) {
            super(message);
        }
    }

    private static final String DOMAIN = "countersign/step-up-link/v1\n";
    private static final int MAX_TOKEN = 1_024;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration ttl;

    public StepUpLinks(byte[] key, Duration ttl) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("a step-up link key needs at least 32 bytes");
        }
        this.key = key.clone();
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("step-up links need a positive lifetime");
        }
    }

    /** Reads the key file (base64 of at least 32 bytes). */
    public static StepUpLinks load(Path keyFile, Duration ttl) throws IOException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(keyFile).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + " is not a base64 step-up link key; make one with countersign keys step-up");
        }
        return new StepUpLinks(key, ttl);
    }

    /** Writes a new random key file readable by its owner only, unless one exists. */
    public static Path createKeyFile(Path keyFile) throws IOException {
        if (Files.exists(keyFile)) {
            return keyFile;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".step-up", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // A file system without POSIX permissions: the directory's protection is what there is.
        }
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
        Files.move(tmp, keyFile);
        return keyFile;
    }

    public Duration ttl() {
        return ttl;
    }

    /** A new link for {@code approver} to approve {@code requestId}, valid from {@code now} for the ttl. */
    public String issue(String requestId, Identity approver, Instant now) {
        if (requestId.contains("\n") || requestId.isBlank()) {
            throw new IllegalArgumentException("not a request id");
        }
        String payload = UUID.randomUUID() + "\n" + requestId + "\n" + approver.value() + "\n" + now.plus(ttl).toEpochMilli();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return "v1." + B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    /** The link {@code token} stands for, if it is authentic and unexpired at {@code now}. */
    public Link verify(String token, Instant now) throws InvalidLinkException {
        if (token == null || token.length() > MAX_TOKEN) {
            throw new InvalidLinkException("this is not a step-up link");
        }
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new InvalidLinkException("this is not a step-up link");
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = B64D.decode(parts[1]);
            mac = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidLinkException("this is not a step-up link");
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw new InvalidLinkException("this step-up link is not authentic; use the link Countersign sent you");
        }
        String[] f = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (f.length != 4) {
            throw new InvalidLinkException("this is not a step-up link");
        }
        Instant expires = Instant.ofEpochMilli(Long.parseLong(f[3]));
        if (!now.isBefore(expires)) {
            throw new InvalidLinkException("this step-up link has expired; click Approve again for a new one");
        }
        return new Link(f[0], f[1], Identity.of(f[2]), expires);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(DOMAIN.getBytes(StandardCharsets.UTF_8));
            return hmac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
