package io.countersign.dashboards.domain;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Signed-in sessions as signed cookies ({@link SessionKey}, HMAC-SHA256), not per-process memory: any
 * instance holding the same key accepts a session another instance started, so one instance's restart
 * signs nobody out. The cookie carries a random session id, the person, when the session started and
 * when this cookie expires: {@code idle} after it was issued, never later than {@code max} after the
 * start. A request more than {@link #RENEW_AFTER} after issue gets a {@link #renewal} (the idle window
 * slides).
 *
 * <p>Sign-out: the browser's cookie is cleared, and this process refuses the session id until its
 * maximum age. A copy of the cookie (stolen before sign-out) stays valid at other instances until its
 * expiry, at most {@code idle}: with no shared store that is the bound, so keep {@code idle} short where
 * several instances run.
 */
public final class Sessions {

    /** One signed-in person, and when the cookie presented was issued and expires. */
    public record Session(String id, Person user, Instant started, Instant issued, Instant expires) {
    }

    /** A session cookie older than this is re-issued with a fresh idle window. */
    public static final Duration RENEW_AFTER = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SessionKey key;
    private final Duration idle;
    private final Duration max;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    public Sessions(SessionKey key, Duration idle, Duration max, Clock clock) {
        this.key = key;
        this.idle = idle;
        this.max = max;
        this.clock = clock;
    }

    /** Starts a session for {@code user}; returns the cookie value. */
    public String start(Person user) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Instant now = clock.instant();
        return issue(new Session(B64.encodeToString(id), user, now, now, null));
    }

    /** The live session of cookie {@code token}; empty when forged, expired or signed out here. */
    public Optional<Session> find(String token) {
        Optional<Session> s = key.verify(token).flatMap(Sessions::parse);
        Instant now = clock.instant();
        return s.filter(x -> now.isBefore(x.expires()) && now.isBefore(x.started().plus(max)) && !revoked.containsKey(x.id()));
    }

    /** A fresh cookie for {@code session} when its cookie is due for renewal. */
    public Optional<String> renewal(Session session) {
        Instant now = clock.instant();
        return now.isAfter(session.issued().plus(RENEW_AFTER))
                ? Optional.of(issue(new Session(session.id(), session.user(), session.started(), now, null))) : Optional.empty();
    }

    /** Signs the session of {@code token} out: refused by this process from now on. */
    public void end(String token) {
        Instant now = clock.instant();
        revoked.values().removeIf(until -> until.isBefore(now));
        key.verify(token).flatMap(Sessions::parse).ifPresent(s -> revoked.put(s.id(), s.started().plus(max)));
    }

    private String issue(Session s) {
        Instant expires = min(s.issued().plus(idle), s.started().plus(max));
        String roles = s.user().roles().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        return key.sign(String.join(".", "v1", s.id(), B64.encodeToString(s.user().username().getBytes(StandardCharsets.UTF_8)),
                roles, Long.toString(s.started().getEpochSecond()), Long.toString(s.issued().getEpochSecond()),
                Long.toString(expires.getEpochSecond())));
    }

    private static Optional<Session> parse(String payload) {
        String[] f = payload.split("\\.", -1);
        if (f.length != 7 || !f[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            Arrays.stream(f[3].split(",")).map(Role::valueOf).forEach(roles::add);
            Person person = new Person(new String(Base64.getUrlDecoder().decode(f[2]), StandardCharsets.UTF_8), roles);
            return Optional.of(new Session(f[1], person, Instant.ofEpochSecond(Long.parseLong(f[4])),
                    Instant.ofEpochSecond(Long.parseLong(f[5])), Instant.ofEpochSecond(Long.parseLong(f[6]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a payload we signed always parses; this is an older format
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
