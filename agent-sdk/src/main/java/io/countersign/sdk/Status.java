package io.countersign.sdk;

/**
 * Lifecycle status of an intent on the gateway, as returned by {@link IntentHandle#status()}.
 */
public enum Status {
    /** Submitted; policy has not been evaluated yet. */
    PENDING,
    /** Policy asked for human review; waiting for approvers. */
    PENDING_REVIEW,
    /** Allowed by policy or approvers. */
    ALLOWED,
    /** Denied by policy or approvers. */
    DENIED,
    /** Nobody decided in time; expired intents count as denied. */
    EXPIRED,
    /** A status this SDK version does not know (a newer gateway); treated as not yet decided. */
    UNKNOWN;

    /** True when the intent has reached a final state (allowed, denied or expired). */
    public boolean isFinal() {
        return this == ALLOWED || this == DENIED || this == EXPIRED;
    }
}
