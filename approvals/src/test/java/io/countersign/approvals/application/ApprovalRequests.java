package io.countersign.approvals.application;

import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.IntentSummary;

import java.time.Instant;
import java.util.List;

/** Approval requests for the approvals core's unit tests: agent:exporter, owned by olga, acting for alice. */
final class ApprovalRequests {

    static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    private ApprovalRequests() {
    }

    static ApprovalRequest.Builder request(String requestId, boolean reasonOnApprove) {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-" + requestId).setOccurredAt(CREATED)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod").build();
        return ApprovalRequest.newBuilder().setRequestId(requestId).setIntentId("i-" + requestId).setIntentHash("h-" + requestId)
                .setIntent(intent).setClassification(List.of()).setMatchedRules(List.of()).setEligibleGroups(List.of("data-stewards"))
                .setQuorum(2).setRequireReasonOnApprove(reasonOnApprove).setPolicyVersion("v1").setCreatedAt(CREATED)
                .setExpiresAt(CREATED.plusSeconds(900));
    }
}
