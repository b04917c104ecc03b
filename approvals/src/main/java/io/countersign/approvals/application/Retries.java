package io.countersign.approvals.application;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When {@link ApprovalDispatcher} may call its channel again for one request's destination (destination
 * {@code null}: the request as a whole, finding its destinations): after a retryable failure not before a
 * backoff doubling from {@code first} to at most {@code max}, so an outage is not hammered and the request
 * is still shown once the channel is back; after a permanent refusal not at all until restart or until the
 * request closes. Kept in memory: a restart tries everything once more. Used by the dispatcher's one thread.
 */
final class Retries {

    private record Key(String requestId, String destination) {
    }

    private record Wait(Duration last, Instant notBefore) {
    }

    private final Duration first;
    private final Duration max;
    private final Map<Key, Wait> waits = new HashMap<>();
    private final Set<Key> abandoned = new HashSet<>();

    Retries(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** Whether the channel may be called for this destination now: not refused for good, and its backoff passed. */
    boolean due(String requestId, String destination, Instant now) {
        return !abandoned.contains(new Key(requestId, destination)) && waited(requestId, destination, now);
    }

    /** Whether the backoff after the last retryable failure has passed (a refusal for good does not count: outcomes are tried anyway). */
    boolean waited(String requestId, String destination, Instant now) {
        Wait w = waits.get(new Key(requestId, destination));
        return w == null || !now.isBefore(w.notBefore());
    }

    /** A retryable failure: the next call waits twice as long as the last one did, at most {@code max}. Returns the wait. */
    Duration failed(String requestId, String destination, Instant now) {
        Key key = new Key(requestId, destination);
        Wait last = waits.get(key);
        Duration wait = last == null || last.last().isZero() ? first : last.last().multipliedBy(2);
        wait = wait.compareTo(max) > 0 ? max : wait;
        waits.put(key, new Wait(wait, now.plus(wait)));
        return wait;
    }

    /** No call before {@code wait} has passed (say there was nobody to post to yet), without growing the backoff. */
    void waitFor(String requestId, String destination, Duration wait, Instant now) {
        waits.put(new Key(requestId, destination), new Wait(Duration.ZERO, now.plus(wait)));
    }

    /** Refused for good: no more calls for this destination until restart or until the request closes. */
    void abandon(String requestId, String destination) {
        Key key = new Key(requestId, destination);
        waits.remove(key);
        abandoned.add(key);
    }

    void succeeded(String requestId, String destination) {
        waits.remove(new Key(requestId, destination));
    }

    /** Forgets everything about requests not among {@code live} (closed and done with). */
    void retainRequests(Set<String> live) {
        waits.keySet().removeIf(k -> !live.contains(k.requestId()));
        abandoned.removeIf(k -> !live.contains(k.requestId()));
    }
}
