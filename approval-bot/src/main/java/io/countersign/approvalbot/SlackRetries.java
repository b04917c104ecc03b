package io.countersign.approvalbot;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * When the reconciler may try a Slack message again: after a transient failure (rate limit, 5xx,
 * network) not before an exponential backoff from 1 s, doubling to at most 5 minutes, so a Slack outage
 * is not hammered every half second and a request is still shown once Slack is back; after a permanent
 * refusal not at all until the bot restarts or the request closes. Kept in memory: a restart tries each
 * message once more.
 * Used by the reconciler's single thread only.
 */
final class SlackRetries {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(5);

    private record Wait(int failures, Instant notBefore) {
    }

    private final Map<String, Wait> waits = new HashMap<>();
    private final Map<String, String> abandoned = new HashMap<>();

    /** Whether a message may be sent for {@code key} now. */
    boolean due(String key, Instant now) {
        Wait w = waits.get(key);
        return !abandoned.containsKey(key) && (w == null || !now.isBefore(w.notBefore()));
    }

    /** A transient failure: the next try waits twice as long as the last, at most {@link #MAX}. Returns the wait. */
    Duration failed(String key, Instant now) {
        int failures = waits.containsKey(key) ? waits.get(key).failures() + 1 : 1;
        Duration wait = FIRST.multipliedBy(1L << Math.min(failures - 1, 20));
        wait = wait.compareTo(MAX) > 0 ? MAX : wait;
        waits.put(key, new Wait(failures, now.plus(wait)));
        return wait;
    }

    /** Slack refused for good ({@code error}): no more tries for {@code key}. */
    void abandon(String key, String error) {
        waits.remove(key);
        abandoned.put(key, error);
    }

    void succeeded(String key) {
        waits.remove(key);
    }

    /** Forgets every key whose request (a request id, or a {@link MessageKey}'s) is not among {@code open}. */
    void retainOpen(Set<String> open) {
        Predicate<String> closed = key -> !open.contains(key) && !MessageKey.parse(key).map(k -> open.contains(k.requestId())).orElse(false);
        waits.keySet().removeIf(closed);
        abandoned.keySet().removeIf(closed);
    }

    /** The request is closed: forget everything about {@code key}. */
    void forget(String key) {
        waits.remove(key);
        abandoned.remove(key);
    }
}
