package io.countersign.mcpgateway.application;

import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.application.port.out.IntentGate.Decision;
import io.countersign.mcpgateway.domain.PendingReview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an agent is told while its call waits and when it is refused, in one wording for the MCP gateway's progress
 * notifications and tool results and for the Claude Code hook's answers.
 */
public final class GateMessages {

    private static final Logger LOG = LoggerFactory.getLogger(GateMessages.class);

    private GateMessages() {
    }

    /**
     * The progress line of a call waiting for review: what the review waits for ({@link PendingReview#describe}) when
     * Countersign reports it, else how long it has waited; either way when the wait ends ({@code reviewWait}).
     */
    static String waiting(IntentGate gate, String intentId, String action, Duration waited, Duration reviewWait, Instant now) {
        String giveUp = "answered as not approved after " + reviewWait.toSeconds() + " s";
        Optional<PendingReview> review = reviewOf(gate, intentId);
        return review.map(r -> "waiting for human review: " + r.describe(now) + " (" + action + ", intent " + intentId
                        + "; " + giveUp + ")")
                .orElse("waiting for human review of " + action + " (intent " + intentId + "): " + waited.toSeconds() + " s so far, " + giveUp);
    }

    /** What the review of {@code intentId} waits for; empty when Countersign does not say (progress then says less, nothing fails). */
    public static Optional<PendingReview> reviewOf(IntentGate gate, String intentId) {
        try {
            return gate.review(intentId);
        } catch (IntentGate.GateException e) {
            LOG.debug("Review of intent {} not read: {}", intentId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Who or which rule denied, and why, in one sentence for the agent. */
    public static String denial(Decision d) {
        String who = switch (d.decidedBy()) {
            case "EXPIRED" -> "Denied: the review expired before enough approvals";
            case "APPROVERS" -> "Denied by " + (d.approvers().isEmpty() ? "the approvers" : String.join(", ", d.approvers()));
            default -> "Denied by policy" + (d.rules().isEmpty() ? "" : " rule " + String.join(", ", d.rules()));
        };
        return who + (d.message() == null ? "" : ": " + d.message());
    }
}
