package io.countersign.processors.domain.approval;

import io.countersign.schema.PendingApproval;
import io.countersign.schema.Verdict;

/** What one human decision did to an approval request: the result of {@link ApprovalStateMachine#apply}. */
public sealed interface DecisionStep {

    /** The decision counted. {@code verdict} is set when it completed the request (quorum reached, or a deny). */
    record Accepted(PendingApproval next, Verdict verdict) implements DecisionStep {
    }

    /**
     * The decision was refused and changes nothing; it is still recorded in the audit with the reason.
     * {@code next} carries the decision id so a redelivery is recognised as a duplicate; it is {@code null}
     * when the state must not change at all (no such request, or a decision no channel signed).
     */
    record Rejected(PendingApproval next, Reason reason, String detail) implements DecisionStep {
    }

    /** The same decision id was processed before: nothing to do, nothing to record again. */
    record Duplicate() implements DecisionStep {
    }

    /** Why a decision was refused. */
    enum Reason {
        UNKNOWN_REQUEST,
        ALREADY_DECIDED_REQUEST,
        INTENT_HASH_MISMATCH,
        IN_DELEGATION_CHAIN,
        NOT_ELIGIBLE,
        ALREADY_DECIDED_BY_APPROVER,
        REASON_REQUIRED,
        STEP_UP_REQUIRED,
        INVALID_IDENTITY,
        // Not proven to come from an approval channel (see ChannelKeys): these change nothing at all.
        UNSIGNED,
        UNKNOWN_SIGNING_KEY,
        WRONG_CHANNEL_KEY,
        BAD_SIGNATURE;

        /** Whether no channel vouched for the decision, so even the approver it names is only a claim. */
        public boolean unproven() {
            return compareTo(UNSIGNED) >= 0;
        }
    }
}
