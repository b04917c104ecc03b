package io.countersign.approvals.application.port.in;

import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;

import java.time.Instant;

/**
 * What became of a submitted decision: {@link Accepted} (signed and written to
 * {@code countersign.approval-decisions}), {@link StepUpRequired} (an approve the policy wants made after
 * a fresh multi-factor sign-in: the channel gives the person the one-time link, to them alone), or
 * {@link Refused} with a {@link Code} a channel maps to its own answer (an HTTP status, a Slack message)
 * and a sentence that explains it to the person.
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
        /** An approve that needs step-up, where no step-up link can be given (none configured). */
        STEP_UP_REQUIRED,
        /** Kafka or the schema registry could not take the decision now; the person may try again. */
        UNAVAILABLE
    }

    /** The decision was written; {@code request} is the request it decides on. */
    record Accepted(ApprovalDecision decision, ApprovalRequest request) implements DecisionResult {
    }

    /**
     * Nothing was written: {@code link} (for the approver only, valid until {@code expiresAt}) leads to the step-up page,
     * where the approver signs in again: with a second factor when {@code multiFactor} (a step-up rule), otherwise so that
     * the identity provider confirms their group.
     */
    record StepUpRequired(String link, Instant expiresAt, String message, boolean multiFactor) implements DecisionResult {
    }

    /** Nothing was written. {@code message} may name people and groups: channels escape it like any other text. */
    record Refused(Code code, String message) implements DecisionResult {
    }
}
