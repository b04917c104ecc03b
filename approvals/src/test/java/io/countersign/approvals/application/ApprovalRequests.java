package io.countersign.approvals.application;

import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;

import java.time.Instant;
import java.util.List;

/** Approval requests, decisions and verdicts for the approvals core's unit tests: agent:exporter, owned by olga, acting for alice. */
public final class ApprovalRequests {

    public static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    private ApprovalRequests() {
    }

    public static ApprovalRequest.Builder request(String requestId, boolean reasonOnApprove) {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-" + requestId).setOccurredAt(CREATED)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod").build();
        return ApprovalRequest.newBuilder().setRequestId(requestId).setIntentId("i-" + requestId).setIntentHash("h-" + requestId)
                .setIntent(intent).setClassification(List.of()).setMatchedRules(List.of()).setEligibleGroups(List.of("data-stewards"))
                .setQuorum(2).setRequireReasonOnApprove(reasonOnApprove).setPolicyVersion("v1").setCreatedAt(CREATED)
                .setExpiresAt(CREATED.plusSeconds(900));
    }

    public static ApprovalDecision decision(String requestId, String approver) {
        return ApprovalDecision.newBuilder().setDecisionId("d-" + approver).setRequestId(requestId).setIntentId("i-" + requestId)
                .setIntentHash("h").setApprover(approver).setDecision(DecisionKind.APPROVE).setChannel("slack")
                .setDecidedAt(ApprovalRequests.CREATED).build();
    }

    public static Verdict approved(String requestId) {
        return Verdict.newBuilder().setIntentId("i-" + requestId).setRequestId(requestId).setOutcome(Outcome.ALLOWED)
                .setDecidedBy(DecidedBy.APPROVERS).setPolicyVersion("v1").setIntentHash("h").setReceivedAt(ApprovalRequests.CREATED)
                .setDecidedAt(ApprovalRequests.CREATED).build();
    }
}
