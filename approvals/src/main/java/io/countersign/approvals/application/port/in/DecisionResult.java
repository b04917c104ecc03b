package io.countersign.approvals.application.port.in;

import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;

/**
 * What became of a submitted decision: {@link Accepted} (signed and written to
 * {@code countersign.approval-decisions}) or {@link Refused} with a {@link Code} a channel maps to its
 * own answer (an HTTP status, a Slack message) and a sentence that explains it to the person.
 */
public sealed interface DecisionResult {

    /** Why a decision was not written. */
    enum Code {
        /** The channel has no decision signing key: the pipeline would reject the decision unsigned. */
        SIGNING_NOT_CONFIGURED,
        /** A denial without a reason, or an approval where the policy wants one. */
        REASON_REQUIRED,
        REASON_TOO_LONG,
        /** No open request with this id, and none closed recently. */
        NOT_FOUND,
        /** The request was closed already (decided or expired). */
        ALREADY_DECIDED,
        IN_DELEGATION_CHAIN,
        NOT_ELIGIBLE,
        ALREADY_DECIDED_BY_APPROVER,
        /** Kafka or the schema registry could not take the decision now; the person may try again. */
        UNAVAILABLE
    }

    /** The decision was written; {@code request} is the request it decides on. */
    record Accepted(ApprovalDecision decision, ApprovalRequest request) implements DecisionResult {
    }

    /** Nothing was written. {@code message} may name people and groups: channels escape it like any other text. */
    record Refused(Code code, String message) implements DecisionResult {
    }
}
