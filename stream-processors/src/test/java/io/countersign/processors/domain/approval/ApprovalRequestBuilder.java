package io.countersign.processors.domain.approval;

import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Effect;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.MatchedRule;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Named fixture builder for approval requests and the decisions made on them. */
public final class ApprovalRequestBuilder {

    public static final String HASH = "a".repeat(64);

    private String intentId = "intent-1";
    private String principal = "user:alice@example.com";
    private String agentId = "agent:exporter";
    private String agentOwner = "user:olga@example.com";
    private List<String> chain = List.of("user:alice@example.com", "agent:planner", "agent:exporter");
    private List<String> groups = List.of("data-stewards");
    private int quorum = 1;
    private boolean requireReason;
    private Instant expiresAt = Instant.parse("2026-11-22T12:30:00Z");

    public static ApprovalRequestBuilder aRequest() {
        return new ApprovalRequestBuilder();
    }

    public ApprovalRequestBuilder intentId(String id) {
        this.intentId = id;
        return this;
    }

    public ApprovalRequestBuilder quorum(int q) {
        this.quorum = q;
        return this;
    }

    public ApprovalRequestBuilder groups(String... g) {
        this.groups = List.of(g);
        return this;
    }

    public ApprovalRequestBuilder requireReason() {
        this.requireReason = true;
        return this;
    }

    public ApprovalRequestBuilder principal(String p) {
        this.principal = p;
        return this;
    }

    public ApprovalRequestBuilder expiresAt(Instant at) {
        this.expiresAt = at;
        return this;
    }

    public ApprovalRequest build() {
        IntentSummary summary = IntentSummary.newBuilder()
                .setIntentId(intentId).setOccurredAt(Instant.parse("2026-11-22T12:00:00Z"))
                .setAgent(AgentRef.newBuilder().setId(agentId).setOwner(agentOwner).build())
                .setPrincipal(principal).setDelegationChain(chain)
                .setAction("db.export").setTargets(List.of("pg://crm/customers"))
                .build();
        return ApprovalRequest.newBuilder()
                .setRequestId("ar-" + intentId).setIntentId(intentId).setIntentHash(HASH)
                .setIntent(summary).setClassification(List.of())
                .setMatchedRules(List.of(MatchedRule.newBuilder().setId("pii-external").setEffect(Effect.REVIEW).build()))
                .setEligibleGroups(groups).setQuorum(quorum).setRequireReasonOnApprove(requireReason)
                .setPolicyVersion("policy-v1")
                .setCreatedAt(Instant.parse("2026-11-22T12:00:00Z")).setExpiresAt(expiresAt)
                .build();
    }

    /** A decision on the request this builder makes. */
    public static ApprovalDecision decision(String approver, DecisionKind kind, String reason) {
        return ApprovalDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString()).setRequestId("ar-intent-1").setIntentId("intent-1")
                .setIntentHash(HASH).setApprover(approver).setDecision(kind).setReason(reason)
                .setChannel("slack").setDecidedAt(Instant.parse("2026-11-22T12:05:00Z")).build();
    }
}
