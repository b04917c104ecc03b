package io.countersign.processors.domain.approval;

import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.processors.domain.approval.DecisionStep.Reason;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverDecision;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Outcome;
import io.countersign.schema.PendingApproval;
import io.countersign.schema.Verdict;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of human approval, as a pure function from (state, decision) to the next state. The Kafka
 * Streams processor only stores what this returns, so every rule is testable without Kafka.
 *
 * <p>Rules, in the order they are checked: the decision must be signed by a configured key of the
 * channel it names (anyone who can write to Kafka could otherwise approve as anyone); the request must
 * exist and still be open; the decision must
 * carry the intent hash the request was made for (an approver approves exactly what they saw); nobody
 * in the delegation chain — the principal, the agent, the agent's owner, any parent agent — may decide,
 * whatever groups they are in; the approver must be in an eligible group; each person decides once, and
 * quorum counts distinct people; one eligible deny denies; an approve may need a reason, and an approve
 * of a step-up request a step-up sign-in attested by the approval API. Each accepted decision keeps how
 * its approver was authenticated, so the verdict and the audit log record it.
 */
public final class ApprovalStateMachine {

    private final Directory directory;
    private final ChannelKeys channelKeys;
    private final Clock clock;

    public ApprovalStateMachine(Directory directory, ChannelKeys channelKeys, Clock clock) {
        this.directory = directory;
        this.channelKeys = channelKeys;
        this.clock = clock;
    }

    /** Whether {@code decision} is signed by a configured key of its own channel. */
    public boolean signedByItsChannel(ApprovalDecision decision) {
        return channelKeys.check(decision).isEmpty();
    }

    /** Starts tracking a request. */
    public static PendingApproval open(ApprovalRequest request, Instant receivedAt) {
        return PendingApproval.newBuilder().setRequest(request).setReceivedAt(receivedAt)
                .setDecisions(new ArrayList<>()).setSeenDecisionIds(new ArrayList<>()).build();
    }

    /** Applies one decision to the request's state ({@code null} when no such request is known). */
    public DecisionStep apply(PendingApproval state, ApprovalDecision decision) {
        Optional<ChannelKeys.Failure> unproven = channelKeys.check(decision);
        if (unproven.isPresent()) {
            // Not even its decision id is recorded as seen: a forger must not use up the id of a real decision.
            return new DecisionStep.Rejected(null, Reason.valueOf(unproven.get().kind().name()), unproven.get().detail());
        }
        if (state == null) {
            return new DecisionStep.Rejected(null, Reason.UNKNOWN_REQUEST,
                    "no approval request " + decision.getRequestId() + " is known");
        }
        if (state.getSeenDecisionIds().contains(decision.getDecisionId())) {
            return new DecisionStep.Duplicate();
        }
        PendingApproval next = PendingApproval.newBuilder(state).build();
        List<String> seen = new ArrayList<>(state.getSeenDecisionIds());
        seen.add(decision.getDecisionId());
        next.setSeenDecisionIds(seen);

        Rejection rejection = check(state, decision);
        if (rejection != null) {
            return new DecisionStep.Rejected(next, rejection.reason(), rejection.detail());
        }
        ApprovalRequest request = state.getRequest();
        List<ApproverDecision> decisions = new ArrayList<>(state.getDecisions());
        decisions.add(ApproverDecision.newBuilder()
                .setApprover(Identity.of(decision.getApprover()).value())
                .setDecision(decision.getDecision())
                .setReason(decision.getReason())
                .setChannel(decision.getChannel())
                .setDecidedAt(decision.getDecidedAt())
                .setAuthentication(decision.getAuthentication())
                .build());
        next.setDecisions(decisions);

        Outcome outcome = null;
        if (decision.getDecision() == DecisionKind.DENY) {
            outcome = Outcome.DENIED;
        } else if (distinctApprovers(decisions) >= Math.max(1, request.getQuorum())) {
            outcome = Outcome.ALLOWED;
        }
        if (outcome == null) {
            return new DecisionStep.Accepted(next, null);
        }
        return new DecisionStep.Accepted(finalise(next, outcome, DecidedBy.APPROVERS), verdict(next, outcome, DecidedBy.APPROVERS,
                outcome == Outcome.ALLOWED
                        ? "Approved by " + distinctApprovers(decisions) + " of " + request.getQuorum() + " required approvers"
                        : "Denied by " + decision.getApprover()));
    }

    /** Closes an open request whose time ran out: expiry always denies. */
    public DecisionStep.Accepted expire(PendingApproval state) {
        PendingApproval next = PendingApproval.newBuilder(state).build();
        int have = distinctApprovers(state.getDecisions());
        return new DecisionStep.Accepted(finalise(next, Outcome.DENIED, DecidedBy.EXPIRED), verdict(next, Outcome.DENIED,
                DecidedBy.EXPIRED, "Expired with " + have + " of " + state.getRequest().getQuorum() + " approvals: denied"));
    }

    private record Rejection(Reason reason, String detail) {
    }

    private Rejection check(PendingApproval state, ApprovalDecision decision) {
        ApprovalRequest request = state.getRequest();
        if (state.getOutcome() != null) {
            return new Rejection(Reason.ALREADY_DECIDED_REQUEST,
                    "the request was already " + state.getOutcome().name().toLowerCase() + " (" + state.getDecidedBy() + ")");
        }
        if (!request.getIntentHash().equals(decision.getIntentHash())) {
            return new Rejection(Reason.INTENT_HASH_MISMATCH,
                    "the decision was made for a different version of the intent than the one under review");
        }
        Identity approver;
        try {
            approver = Identity.of(decision.getApprover());
        } catch (IllegalArgumentException e) {
            return new Rejection(Reason.INVALID_IDENTITY, e.getMessage());
        }
        List<String> decidedAlready = state.getDecisions().stream().map(ApproverDecision::getApprover).toList();
        return ApprovalRules.check(request, decidedAlready, approver, decision.getDecision(), decision.getReason(), directory,
                        decision.getAuthentication(), decision.getChannel())
                .map(r -> new Rejection(Reason.valueOf(r.refusal().name()), r.detail())).orElse(null);
    }

    private static int distinctApprovers(List<ApproverDecision> decisions) {
        return (int) decisions.stream().filter(d -> d.getDecision() == DecisionKind.APPROVE)
                .map(ApproverDecision::getApprover).distinct().count();
    }

    private PendingApproval finalise(PendingApproval next, Outcome outcome, DecidedBy by) {
        next.setOutcome(outcome);
        next.setDecidedBy(by);
        next.setFinalizedAt(clock.millis());
        return next;
    }

    private Verdict verdict(PendingApproval state, Outcome outcome, DecidedBy by, String message) {
        ApprovalRequest request = state.getRequest();
        Instant now = clock.instant();
        return Verdict.newBuilder()
                .setIntentId(request.getIntentId())
                .setOutcome(outcome)
                .setDecidedBy(by)
                .setDecisions(state.getDecisions())
                .setMatchedRules(request.getMatchedRules())
                .setPolicyVersion(request.getPolicyVersion())
                .setIntentHash(request.getIntentHash())
                .setRequestId(request.getRequestId())
                .setMessage(message)
                .setReceivedAt(state.getReceivedAt())
                .setDecidedAt(now)
                .setLatencyMs(Math.max(0, now.toEpochMilli() - state.getReceivedAt().toEpochMilli()))
                .build();
    }
}
