package io.countersign.sdk;

import java.util.Collections;

/** One answer of {@code GET /v1/intents/{id}}: the status and, once decided, the verdict. */
final class IntentState {
    private final Status status;
    private final Verdict verdict;

    IntentState(Status status, Verdict verdict) {
        this.status = status;
        this.verdict = verdict;
    }

    Status status() {
        return status;
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
