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
 * password, so timing does not tell which names exist; after {@link #MAX_FAILURES} failed attempts a
 * name is locked for {@link #LOCKOUT}, which bounds online guessing.
 */
public final class Users {

    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(1);
    private static final String DUMMY = PasswordHash.hash("not-a-real-password-at-all".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);

    private record Failures(int count, Instant last) {
    }

    private final Map<String, User> byName;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public Users(Collection<User> users, Clock clock) {
        this.byName = users.stream().collect(Collectors.toUnmodifiableMap(User::username, Function.identity()));
        this.clock = clock;
    }

    public int size() {
        return byName.size();
    }

    /** The user whose name and password these are; empty for a wrong pair or a locked name. */
    public Optional<User> authenticate(String username, char[] password) {
        String name = username == null ? "" : username;
        Failures f = failures.get(name);
        Instant now = clock.instant();
        boolean locked = f != null && f.count() >= MAX_FAILURES && f.last().plus(LOCKOUT).isAfter(now);
        User user = byName.get(name);
        boolean ok = PasswordHash.matches(password, user == null ? DUMMY : user.passwordHash()) && user != null && !locked;
        if (ok) {
            failures.remove(name);
            return Optional.of(user);
        }
        failures.merge(name, new Failures(1, now), (old, one) -> new Failures(old.last().plus(LOCKOUT).isBefore(now) ? 1 : old.count() + 1, now));
        if (failures.size() > 100_000) {
            failures.clear(); // bounded memory under a spray of random names
        }
        return Optional.empty();
    }
}
