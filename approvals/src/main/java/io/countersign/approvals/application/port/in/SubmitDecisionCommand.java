package io.countersign.approvals.application.port.in;

import io.countersign.approvals.domain.Identity;
import io.countersign.schema.DecisionKind;

import java.util.Objects;

/**
 * One approver's decision as a channel received it: which request, who (already mapped to the approver
 * directory by the channel), approve or deny, the reason (null or blank: none), the channel it came
 * through ({@code api}, {@code slack}, {@code teams}: it picks the signing key), and the person's id in
 * that channel if it has one (kept in the decision for the audit; null otherwise).
 */
public record SubmitDecisionCommand(String requestId, Identity approver, DecisionKind decision, String reason, String channel,
                                    String channelUserId) {

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
        this(requestId, approver, decision, reason, channel, null);
    }
}
