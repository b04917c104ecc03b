package io.countersign.sdk;

import java.util.Collections;

/** One answer of {@code GET /v1/intents/{id}}: the status, once decided the verdict, and while reviewed what the review waits for. */
final class IntentState {
    private final Status status;
    private final Verdict verdict;
    private final Review review;

    IntentState(Status status, Verdict verdict, Review review) {
        this.status = status;
        this.verdict = verdict;
        this.review = review;
    }

    Status status() {
        return status;
    }

    /** What the pending review waits for, or null (no review, not read by the gateway yet, or an older gateway). */
    Review review() {
        return status == Status.PENDING_REVIEW ? review : null;
    }

    /**
     * The verdict, or null while undecided. An EXPIRED status without a verdict body is turned into a
     * denying verdict decided by expiry, so waiters stop instead of polling a dead intent forever.
     */
    Verdict finalVerdict() {
        if (verdict != null) {
            return verdict;
        }
        if (status == Status.EXPIRED) {
            return new Verdict(Verdict.Outcome.DENIED, Verdict.DecidedBy.EXPIRED, Collections.emptyList(),
                    Collections.emptyList(), null, null, null, "the intent expired without a verdict", null, null);
        }
        return null;
    }
}
