package io.countersign.dashboards.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-client-address budget of sign-in attempts, checked before any password hash is computed.
 *
 * <p>Each attempt costs a PBKDF2 computation (about 0.2 s of a core at 600k iterations), so without a
 * budget one client could keep the server's CPUs busy, and guess passwords across many names. A client
 * address gets {@link #BURST} attempts, refilled at {@link #REFILL_EVERY}; beyond that the answer is
 * "retry after", computed without touching the password. Memory stays bounded under a spray of addresses.
 */
public final class SignInThrottle {

    static final int BURST = 10;
    static final Duration REFILL_EVERY = Duration.ofSeconds(6);
    private static final int MAX_CLIENTS = 100_000;

    private record Bucket(double tokens, Instant at) {
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Takes one attempt from {@code client}'s budget; empty when allowed, else how long to wait. */
    public Optional<Duration> take(String client) {
        Instant now = clock.instant();
        double perSecond = 1.0 / REFILL_EVERY.toSeconds();
        Bucket[] taken = new Bucket[1];
        Bucket after = buckets.compute(client == null ? "" : client, (k, b) -> {
            double tokens = b == null ? BURST
                    : Math.min(BURST, b.tokens() + Duration.between(b.at(), now).toMillis() / 1000.0 * perSecond);
            taken[0] = tokens >= 1 ? new Bucket(tokens - 1, now) : null;
            return taken[0] != null ? taken[0] : new Bucket(tokens, now);
        });
        if (buckets.size() > MAX_CLIENTS) {
            buckets.clear(); // bounded memory; a spray of addresses gains at most one fresh burst each
        }
        if (taken[0] != null) {
            return Optional.empty();
        }
        long waitMillis = (long) Math.ceil((1 - after.tokens()) / perSecond * 1000);
        return Optional.of(Duration.ofMillis(Math.max(1_000, waitMillis)));
    }
}
