package io.countersign.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a random delay between 0 and the exponential cap), which
 * spreads retries of many agents hit by the same outage instead of having them retry in lock-step.
 * A server-provided Retry-After wins over the computed delay but is still capped at maxBackoff, so a
 * misbehaving proxy cannot park an agent for hours.
 */
final class RetryPolicy {
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    int maxRetries() {
        return maxRetries;
    }

    Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * The delay before retry number {@code retry} (0 for the first retry).
     *
     * @param retryAfter the server's Retry-After, or null
     */
    Duration delay(int retry, Duration retryAfter) {
        long maxMs = maxBackoff.toMillis();
        if (retryAfter != null) {
            return Duration.ofMillis(Math.min(Math.max(0, retryAfter.toMillis()), maxMs));
        }
        // Shift at most 30 places so the exponential never overflows a long.
        long capMs = Math.min(maxMs, initialBackoff.toMillis() << Math.min(retry, 30));
        if (capMs < 0) {
            capMs = maxMs;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capMs + 1));
    }

    /** Parses a Retry-After header in delta-seconds; HTTP dates and garbage yield null (use backoff). */
    static Duration parseRetryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
