package io.countersign.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The gateway's credential store: API keys are kept only as SHA-256 hashes and looked up by hash.
 *
 * <p>A fast hash is right here, unlike for passwords: keys are 256 random bits made by
 * {@link #generate()}, so there is nothing to guess and no need for a slow KDF. The lookup is by hash,
 * so neither the key nor a comparison of it ever touches the request path in a way that leaks timing.
 */
public final class ApiKeys {

    /** Every generated key starts with this, so secret scanners and humans recognise it. */
    public static final String PREFIX = "cs_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    });

    private final Map<String, Credential> byHash;

    public ApiKeys(Map<String, Credential> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static ApiKeys of(List<Map.Entry<String, Credential>> hashed) {
        return new ApiKeys(hashed.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** The credential a bearer token belongs to, if any. */
    public Optional<Credential> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(hash(token.strip())));
    }

    public int size() {
        return byHash.size();
    }

    /** A new random key: {@value #PREFIX} and 43 base64url characters (256 bits). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the key: what the keys file stores. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** A short, non-secret id for logs: the first 8 hex digits of the hash. */
    public static String keyId(String hash) {
        return "key-" + hash.substring(0, 8);
    }
}
