package io.countersign.approvals.application.port.in;

import io.countersign.approvals.domain.Identity;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;

import java.util.Objects;

/**
 * One approver's decision as a channel received it: which request, who (already mapped to the approver
 * directory by the channel), approve or deny, the reason (null or blank: none), the channel it came
 * through ({@code api}, {@code slack}, {@code teams}: it picks the signing key), and the person's id in
 * that channel if it has one (kept in the decision for the audit; null otherwise), and how the channel
 * authenticated the person (signed into the decision and recorded by the audit; null: not said).
 */
public record SubmitDecisionCommand(String requestId, Identity approver, DecisionKind decision, String reason, String channel,
                                    String channelUserId, ApproverAuthentication authentication) {

    /** A decision whose channel authenticated the person by the given method only. */
    public SubmitDecisionCommand(String requestId, Identity approver, DecisionKind decision, String reason, String channel,
                                 String channelUserId, AuthenticationMethod method) {
        this(requestId, approver, decision, reason, channel, channelUserId,
                ApproverAuthentication.newBuilder().setMethod(method).build());
    }

    public SubmitDecisionCommand {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(decision, "decision");
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("a decision needs the channel it came through");
        }
    }

    /** A decision from a channel without its own user ids (the approval API). */
    public SubmitDecisionCommand(String requestId, Identity approver, DecisionKind decision, String reason, String channel) {
        this(requestId, approver, decision, reason, channel, null, (ApproverAuthentication) null);
    }
}
