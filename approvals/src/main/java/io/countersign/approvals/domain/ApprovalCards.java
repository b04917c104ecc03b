package io.countersign.approvals.domain;

import io.countersign.masking.Masker;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverDecision;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ApprovalCard} of a request, once for every channel: from the {@link ApprovalRequest}
 * and the decisions submitted so far while it is open, from the {@link Verdict} once it is closed. Masks
 * every free text again on the way (defence in depth: a channel is the last stop before people, even if a
 * value slipped past the pipeline's masking).
 */
public final class ApprovalCards {

    private ApprovalCards() {
    }

    /** The card of an open request, with the decisions submitted so far and the time left at {@code now}. */
    public static ApprovalCard open(ApprovalRequest r, List<ApprovalDecision> decisions, Instant now) {
        List<ApprovalCard.Vote> votes = decisions.stream().map(d -> vote(d.getApprover(), d.getDecision(), d.getReason())).toList();
        long approvals = decisions.stream().filter(d -> d.getDecision() == DecisionKind.APPROVE).map(ApprovalDecision::getApprover)
                .distinct().count();
        return card(r, new ApprovalCard.Progress(approvals, r.getQuorum(), r.getEligibleGroups(), votes),
                Math.max(0, Duration.between(now, r.getExpiresAt()).toSeconds()), null);
    }

    /** The card of a request {@code verdict} closed: its outcome and the decisions it counted, no time left. */
    public static ApprovalCard closed(ApprovalRequest r, Verdict verdict) {
        List<ApprovalCard.Vote> votes = verdict.getDecisions().stream().map(ApprovalCards::vote).toList();
        long approvals = verdict.getDecisions().stream().filter(d -> d.getDecision() == DecisionKind.APPROVE)
                .map(ApproverDecision::getApprover).distinct().count();
        ApprovalCard.Result result = verdict.getDecidedBy() == DecidedBy.EXPIRED ? ApprovalCard.Result.EXPIRED
                : verdict.getOutcome() == Outcome.ALLOWED ? ApprovalCard.Result.APPROVED : ApprovalCard.Result.DENIED;
        ApprovalCard.Outcome outcome = new ApprovalCard.Outcome(result, verdict.getOutcome().name(), verdict.getDecidedBy().name(),
                mask(verdict.getMessage()), votes);
        return card(r, new ApprovalCard.Progress(approvals, r.getQuorum(), r.getEligibleGroups(), votes), 0, outcome);
    }

    private static ApprovalCard card(ApprovalRequest r, ApprovalCard.Progress progress, long secondsLeft, ApprovalCard.Outcome outcome) {
        IntentSummary i = r.getIntent();
        ApprovalCard.Agent agent = new ApprovalCard.Agent(i.getAgent().getId(), i.getAgent().getFramework(), i.getAgent().getOwner());
        ApprovalCard.Destination destination = i.getDestination() == null ? null
                : new ApprovalCard.Destination(i.getDestination().getUri(), i.getDestination().getExternal());
        List<ApprovalCard.Target> targets = r.getClassification().stream().map(ApprovalCards::target).toList();
        Map<String, String> parameters = new LinkedHashMap<>();
        i.getMaskedParameters().forEach((k, v) -> parameters.put(k, mask(v)));
        return new ApprovalCard(r.getRequestId(), r.getIntentId(), agent, i.getPrincipal(), i.getDelegationChain(), i.getAction(),
                i.getEnvironment(), targets, destination, r.getMatchedRules().stream().map(MatchedRule::getId).toList(), r.getRiskScore(),
                mask(i.getReason()), parameters, progress, r.getExpiresAt(), secondsLeft, r.getRoute(), outcome);
    }

    private static ApprovalCard.Target target(DatasetClassification d) {
        return new ApprovalCard.Target(d.getDataset(), d.getLabels().stream().map(ApprovalCards::label).toList());
    }

    private static ApprovalCard.Label label(LabelEntry l) {
        return new ApprovalCard.Label(l.getLabel(), l.getProvenance().isEmpty() ? null : l.getProvenance().get(0), List.copyOf(l.getVia()));
    }

    private static ApprovalCard.Vote vote(ApproverDecision d) {
        return vote(d.getApprover(), d.getDecision(), d.getReason());
    }

    private static ApprovalCard.Vote vote(String approver, DecisionKind decision, String reason) {
        return new ApprovalCard.Vote(approver, decision, mask(reason));
    }

    private static String mask(String text) {
        return text == null ? null : Masker.maskText(text);
    }
}
