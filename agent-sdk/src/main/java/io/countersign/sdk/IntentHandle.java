package io.countersign.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A submitted intent: its id, its current status, and a blocking wait for its verdict.
 * Obtained from {@link Countersign#submit(Intent)} or {@link Countersign#handle(String)}; thread-safe.
 *
 * <pre>{@code
 * IntentHandle handle = cs.submit(intent);
 * Verdict verdict = handle.awaitVerdict(Duration.ofMinutes(10));
 * }</pre>
 */
public final class IntentHandle {
    /** Longest wait the SDK asks the gateway to hold one long-poll request (the gateway allows 60s). */
    static final long MAX_WAIT_SECONDS = 30;

    private final Countersign client;
    private final String intentId;
    private final Duration pollPause;

    IntentHandle(Countersign client, String intentId, Duration pollPause) {
        this.client = client;
        this.intentId = intentId;
        this.pollPause = pollPause;
    }

    /** The gateway's id for this intent. */
    public String intentId() {
        return intentId;
    }

    /** Asks the gateway for the current status once, without waiting. */
    public Status status() {
        return client.fetchState(intentId, Duration.ZERO).status();
    }

    /**
     * Asks the gateway once, without waiting, what the intent's pending human review waits for: the quorum, the
     * approvals so far, the eligible groups and when it expires. Empty when the intent waits for no review, when the
     * gateway has not read the review yet, or when the gateway is too old to report it.
     */
    public Optional<Review> review() {
        return Optional.ofNullable(client.fetchState(intentId, Duration.ZERO).review());
    }

    /**
     * Blocks until the intent is decided, long-polling the gateway in chunks of at most 30 seconds.
     * A zero timeout checks once. The returned verdict may be a denial: check {@link Verdict#isAllowed()}.
     *
     * @throws VerdictTimeoutException if no verdict arrived within {@code timeout}
     * @throws CountersignException if the gateway cannot be reached or rejects the request
     */
    public Verdict awaitVerdict(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            // Whole seconds while a second or more is left; a sub-second remainder is long-polled in milliseconds,
            // not polled (a 1 s wait would otherwise be polled with pauses, adding up to a pause to every verdict).
            Duration wait = remaining >= TimeUnit.SECONDS.toNanos(1)
                    ? Duration.ofSeconds(Math.min(MAX_WAIT_SECONDS, TimeUnit.NANOSECONDS.toSeconds(remaining)))
                    : Duration.ofMillis(Math.max(0, TimeUnit.NANOSECONDS.toMillis(remaining)));
            long started = System.nanoTime();
            IntentState state = client.fetchState(intentId, wait);
            Verdict verdict = state.finalVerdict();
            if (verdict != null) {
                return verdict;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new VerdictTimeoutException(intentId, timeout, state.status());
            }
            // The gateway answered well before the wait ran out (no long-poll support, or a sub-second
            // remainder was asked without wait): pause briefly so we do not hammer it in a tight loop.
            if (now - started < wait.toNanos() / 2 || wait.isZero()) {
                sleep(Math.min(pollPause.toNanos(), deadline - now));
            }
        }
    }

    private void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CountersignException("interrupted while waiting for the verdict of intent " + intentId, e);
        }
    }

    @Override
    public String toString() {
        return "IntentHandle{intentId=" + intentId + "}";
    }
}
