package io.countersign.dashboards.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dashboard users and sign-in checks. An unknown name costs the same hash computation as a wrong
 * password, so timing does not tell which names exist. After {@link #MAX_FAILURES} failed attempts a
 * name is locked for {@link #LOCKOUT} <em>from that client address</em>: guessing is bounded, yet nobody
 * can lock a user out from everywhere by failing on purpose. Each client address also has a budget of
 * attempts ({@link SignInThrottle}), checked before any hash is computed.
 */
public final class Users {

    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(1);
    private static final String DUMMY = PasswordHash.hash("not-a-real-password-at-all".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);

    private record Failures(int count, Instant last) {
    }

    private final Map<String, User> byName;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final SignInThrottle throttle;
    private final Clock clock;

    public Users(Collection<User> users, Clock clock) {
        this.byName = users.stream().collect(Collectors.toUnmodifiableMap(User::username, Function.identity()));
        this.throttle = new SignInThrottle(clock);
        this.clock = clock;
    }

    public int size() {
        return byName.size();
    }

    /** What a sign-in attempt came to. */
    public sealed interface Outcome {
        /** The name and password match. */
        record SignedIn(User user) implements Outcome {
        }

        /** A wrong pair, an unknown name, or a name locked for this client: the caller cannot tell which. */
        record Refused() implements Outcome {
        }

        /** This client address has used its budget of attempts; nothing was checked. */
        record Throttled(Duration retryAfter) implements Outcome {
        }
    }

    /** Signs {@code username} in from {@code client} (its address), within the client's budget of attempts. */
    public Outcome signIn(String client, String username, char[] password) {
        Optional<Duration> wait = throttle.take(client);
        if (wait.isPresent()) {
            return new Outcome.Throttled(wait.get());
        }
        return authenticate(client, username, password).<Outcome>map(Outcome.SignedIn::new).orElseGet(Outcome.Refused::new);
    }

    /** The user whose name and password these are; empty for a wrong pair or a name locked for {@code client}. */
    Optional<User> authenticate(String client, String username, char[] password) {
        String name = username == null ? "" : username;
        String key = (client == null ? "" : client) + "\n" + name;
        Failures f = failures.get(key);
        Instant now = clock.instant();
        boolean locked = f != null && f.count() >= MAX_FAILURES && f.last().plus(LOCKOUT).isAfter(now);
        User user = byName.get(name);
        boolean ok = PasswordHash.matches(password, user == null ? DUMMY : user.passwordHash()) && user != null && !locked;
        if (ok) {
            failures.remove(key);
            return Optional.of(user);
        }
        failures.merge(key, new Failures(1, now), (old, one) -> new Failures(old.last().plus(LOCKOUT).isBefore(now) ? 1 : old.count() + 1, now));
        if (failures.size() > 100_000) {
            failures.clear(); // bounded memory under a spray of random names
        }
        return Optional.empty();
    }
}
