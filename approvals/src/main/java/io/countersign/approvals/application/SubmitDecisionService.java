package io.countersign.approvals.application;

import io.countersign.approvals.application.port.in.DecisionResult;
import io.countersign.approvals.application.port.in.DecisionResult.Accepted;
import io.countersign.approvals.application.port.in.DecisionResult.Code;
import io.countersign.approvals.application.port.in.DecisionResult.Refused;
import io.countersign.approvals.application.port.in.SubmitDecisionCommand;
import io.countersign.approvals.application.port.in.SubmitDecisionUseCase;
import io.countersign.approvals.application.port.out.DecisionPublisher;
import io.countersign.approvals.application.port.out.PendingRequests;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.ProvenGroups;
import io.countersign.approvals.domain.StepUpPage;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecisionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits a decision: checks it against the pending-approvals read model and the {@link ApprovalRules}
 * (the request is open, the approver eligible, not in the delegation chain, not deciding twice, a reason
 * where one is required), signs it with the key of the channel it came through — the pipeline applies no
 * decision a channel did not sign — and writes it through the {@link DecisionPublisher} to
 * {@code countersign.approval-decisions}. Refusing early lets each channel tell the person at once; the
 * pipeline checks everything again and has the last word.
 */
public final class SubmitDecisionService implements SubmitDecisionUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitDecisionService.class);
    /** The longest reason accepted: what the Slack modal allows and the audit log keeps. */
    public static final int MAX_REASON = 2_000;

    private final PendingRequests pending;
    private final Directory directory;
    private final DecisionPublisher publisher;
    private final Map<String, DecisionSignature.Signer> signers;
    private final Clock clock;
    private final StepUpPage stepUp;

    /** {@code signers}: each channel's signing key by channel name; a channel without one has its decisions refused. */
    public SubmitDecisionService(PendingRequests pending, Directory directory, DecisionPublisher publisher,
                                 Map<String, DecisionSignature.Signer> signers, Clock clock) {
        this(pending, directory, publisher, signers, clock, null);
    }

    /**
     * {@code stepUp}: where approvals of step-up requests are sent instead of being recorded (null: such an
     * approve is refused with {@link Code#STEP_UP_REQUIRED}, as there is no link to give).
     */
    public SubmitDecisionService(PendingRequests pending, Directory directory, DecisionPublisher publisher,
                                 Map<String, DecisionSignature.Signer> signers, Clock clock, StepUpPage stepUp) {
        this.pending = pending;
        this.directory = directory;
        this.publisher = publisher;
        this.signers = Map.copyOf(signers);
        this.clock = clock;
        this.stepUp = stepUp;
    }

    @Override
    public DecisionResult submit(SubmitDecisionCommand c) {
        DecisionSignature.Signer signer = signers.get(c.channel());
        if (signer == null) {
            return new Refused(Code.SIGNING_NOT_CONFIGURED, "the " + c.channel() + " channel has no decision signing key");
        }
        String reason = c.reason() == null || c.reason().isBlank() ? null : c.reason().strip();
        if (c.decision() == DecisionKind.DENY && reason == null) {
            return new Refused(Code.REASON_REQUIRED, "a denial needs a reason: the agent and its owner are told why");
        }
        if (reason != null && reason.length() > MAX_REASON) {
            return new Refused(Code.REASON_TOO_LONG, "reason may be at most " + MAX_REASON + " characters");
        }
        Optional<PendingRequests.Pending> open = pending.get(c.requestId());
        if (open.isEmpty()) {
            return pending.wasClosed(c.requestId())
                    ? new Refused(Code.ALREADY_DECIDED, "request " + c.requestId() + " is already decided or expired")
                    : new Refused(Code.NOT_FOUND, "no open approval request " + c.requestId());
        }
        ApprovalRequest request = open.get().request();
        Optional<ApprovalRules.Refused> refused = ApprovalRules.check(request, open.get().decidedBy(), c.approver(), c.decision(),
                reason, directory, c.authentication(), c.channel());
        if (refused.isPresent() && refused.get().refusal() == ApprovalRules.Refusal.STEP_UP_REQUIRED && stepUp != null) {
            StepUpPage.Offer offer = stepUp.offer(c.requestId(), c.approver(), clock.instant());
            LOG.info("Approve of step-up request {} by {} via {}: sent a step-up link", c.requestId(), c.approver().value(), c.channel());
            return new DecisionResult.StepUpRequired(offer.url(), offer.expiresAt(), "this request needs a fresh multi-factor"
                    + " sign-in to approve: open the link (for you only, valid until " + offer.expiresAt() + ")", true);
        }
        if (refused.isPresent() && refused.get().refusal() == ApprovalRules.Refusal.NOT_ELIGIBLE && stepUp != null
                && c.decision() == DecisionKind.APPROVE && !ProvenGroups.TOKEN_CHANNELS.contains(c.channel())
                && ProvenGroups.provable(directory, c.approver(), request.getEligibleGroups())) {
            // A chat click proves no group at the identity provider; a sign-in through the same one-time link does.
            StepUpPage.Offer offer = stepUp.offer(c.requestId(), c.approver(), clock.instant());
            LOG.info("Approve of request {} by {} via {}: sent a sign-in link to confirm the group", c.requestId(), c.approver().value(), c.channel());
            return new DecisionResult.StepUpRequired(offer.url(), offer.expiresAt(), "the identity provider must confirm that you are"
                    + " in " + request.getEligibleGroups() + ": sign in through the link to approve (for you only, valid until "
                    + offer.expiresAt() + ")", false);
        }
        ApprovalDecision decision = signer.sign(ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString())
                .setRequestId(c.requestId()).setIntentId(request.getIntentId()).setIntentHash(request.getIntentHash())
                .setApprover(c.approver().value()).setDecision(c.decision()).setReason(reason).setChannel(c.channel())
                .setChannelUserId(c.channelUserId()).setAuthentication(c.authentication()).setDecidedAt(clock.instant()).build());
        if (refused.isPresent() && refused.get().refusal() == ApprovalRules.Refusal.IN_DELEGATION_CHAIN) {
            recordAttempt(decision);
        }
        if (refused.isPresent()) {
            return new Refused(Code.valueOf(refused.get().refusal().name()), refused.get().detail());
        }
        try {
            publisher.publish(decision);
        } catch (DecisionPublisher.UnavailableException e) {
            LOG.warn("Decision on request {} by {} via {} not written: {}", c.requestId(), c.approver().value(), c.channel(), e.getMessage());
            return new Refused(Code.UNAVAILABLE, e.getMessage());
        }
        pending.decision(decision);
        LOG.info("Decision {} on request {} by {} via {}: {}", decision.getDecisionId(), c.requestId(), c.approver().value(),
                c.channel(), c.decision());
        return new Accepted(decision, request);
    }

    /**
     * A self-approval attempt (someone in the delegation chain deciding) is written anyway, signed, for the record:
     * the pipeline refuses it by the same rule and the audit log keeps the refusal (DECISION_REJECTED), so an
     * auditor sees every attempt, not only those that reached the pipeline. It is never counted here.
     */
    private void recordAttempt(ApprovalDecision attempt) {
        try {
            publisher.publish(attempt);
            LOG.info("Self-approval attempt {} on request {} by {} via {} refused and recorded", attempt.getDecisionId(),
                    attempt.getRequestId(), attempt.getApprover(), attempt.getChannel());
        } catch (DecisionPublisher.UnavailableException e) {
            LOG.warn("Self-approval attempt on request {} by {} refused, not recorded: {}", attempt.getRequestId(), attempt.getApprover(),
                    e.getMessage());
        }
    }
}
