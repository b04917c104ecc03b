package io.countersign.dashboards.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions: a random 256-bit token (the cookie) per sign-in, kept only as its SHA-256 so a
 * heap dump does not hand out live sessions. A session ends after {@code idle} without requests, after
 * {@code max} in any case, or on sign-out. In memory: a restart signs everyone out, which is the safe
 * direction for an audit tool.
 */
public final class Sessions {

    /** One signed-in user. */
    public record Session(User user, Instant started, Instant lastSeen) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> byTokenHash = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Duration max;
    private final Clock clock;

    public Sessions(Duration idle, Duration max, Clock clock) {
        this.idle = idle;
        this.max = max;
        this.clock = clock;
    }

    /** Starts a session for {@code user}; returns the token to put in the cookie. */
    public String start(User user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        byTokenHash.put(hash(token), new Session(user, now, now));
        expireOld(now);
        return token;
    }

    /** The live session for {@code token}, touched; empty when unknown or expired. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String key = hash(token);
        Instant now = clock.instant();
        Session s = byTokenHash.get(key);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byTokenHash.remove(key);
            return Optional.empty();
        }
        Session touched = new Session(s.user(), s.started(), now);
        byTokenHash.put(key, touched);
        return Optional.of(touched);
    }

    public void end(String token) {
        if (token != null) {
            byTokenHash.remove(hash(token));
        }
    }

    public int size() {
        return byTokenHash.size();
    }

    private boolean expired(Session s, Instant now) {
        return s.lastSeen().plus(idle).isBefore(now) || s.started().plus(max).isBefore(now);
    }

    private void expireOld(Instant now) {
        byTokenHash.values().removeIf(s -> expired(s, now));
    }

    private static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
