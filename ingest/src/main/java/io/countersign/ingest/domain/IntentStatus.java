package io.countersign.ingest.domain;

import io.countersign.schema.DecidedBy;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;

/**
 * Where an intent stands, as {@code GET /v1/intents/{id}} reports it: accepted but not yet decided,
 * waiting for human review, or decided (an expired review is reported as EXPIRED, a denial).
 */
public enum IntentStatus {
    PENDING, PENDING_REVIEW, ALLOWED, DENIED, EXPIRED;

    public static IntentStatus of(Verdict verdict) {
        if (verdict.getOutcome() == Outcome.ALLOWED) {
            return ALLOWED;
        }
        return verdict.getDecidedBy() == DecidedBy.EXPIRED ? EXPIRED : DENIED;
    }

    public boolean decided() {
        return this == ALLOWED || this == DENIED || this == EXPIRED;
    }
}
