package io.countersign.sdk;

import java.time.Duration;

/**
 * No verdict arrived within the time the caller was willing to wait. The intent is still alive on
 * the gateway (a review may simply be slow): keep waiting with
 * {@code cs.handle(e.intentId()).awaitVerdict(...)}, or give up. Under {@code guard} the action was
 * not run.
 */
public class VerdictTimeoutException extends CountersignException {
    private static final long serialVersionUID = 1L;

    private final String intentId;
    private final Duration timeout;
    private final Status lastStatus;

    /** Creates the exception for an intent that stayed undecided for {@code timeout}. */
    public VerdictTimeoutException(String intentId, Duration timeout, Status lastStatus) {
        super("no verdict for intent " + intentId + " within " + timeout
                + (lastStatus == null ? "" : " (last status " + lastStatus + ")")
                + "; the intent is still pending on the gateway: wait again with handle(intentId).awaitVerdict(..)"
                + " or use a longer timeout");
        this.intentId = intentId;
        this.timeout = timeout;
        this.lastStatus = lastStatus;
    }

    /** The id of the intent that is still undecided. */
    public String intentId() {
        return intentId;
    }

    /** How long the caller waited. */
    public Duration timeout() {
        return timeout;
    }

    /** The last status the gateway reported (for example {@link Status#PENDING_REVIEW}), or null. */
    public Status lastStatus() {
        return lastStatus;
    }
}
