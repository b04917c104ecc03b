package io.countersign.processors.domain.approval;

import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Effect;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.MatchedRule;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Named fixture builder for approval requests and the decisions made on them. */
public final class ApprovalRequestBuilder {

    public static final String HASH = "a".repeat(64);
    private static final KeyPair SLACK_KEYS = Ed25519Keys.generate();
    private static final KeyPair API_KEYS = Ed25519Keys.generate();
    /** The Slack bot's and the approval API's decision keys, and the pipeline's trust in them. */
    public static final DecisionSignature.Signer SLACK =
            new DecisionSignature.Signer(ChannelKeys.keyId("slack", SLACK_KEYS.getPublic()), SLACK_KEYS.getPrivate());
    public static final DecisionSignature.Signer API =
            new DecisionSignature.Signer(ChannelKeys.keyId("api", API_KEYS.getPublic()), API_KEYS.getPrivate());
    public static final ChannelKeys CHANNEL_KEYS = new ChannelKeys(List.of(
            new ChannelKeys.ChannelKey(SLACK.keyId(), "slack", SLACK_KEYS.getPublic()),
            new ChannelKeys.ChannelKey(API.keyId(), "api", API_KEYS.getPublic())));

    private String intentId = "intent-1";
    private String principal = "user:alice@example.com";
    private String agentId = "agent:exporter";
    private String agentOwner = "user:olga@example.com";
    private List<String> chain = List.of("user:alice@example.com", "agent:planner", "agent:exporter");
    private List<String> groups = List.of("data-stewards");
    private int quorum = 1;
    private boolean requireReason;
    private boolean stepUp;
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

    /** The policy asks for step-up: an approve counts only with a step-up sign-in the approval API attests. */
    public ApprovalRequestBuilder stepUp() {
        this.stepUp = true;
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
                .setEligibleGroups(groups).setQuorum(quorum).setRequireReasonOnApprove(requireReason).setStepUp(stepUp)
                .setPolicyVersion("policy-v1")
                .setCreatedAt(Instant.parse("2026-11-22T12:00:00Z")).setExpiresAt(expiresAt)
                .build();
    }

    /** A decision on the request this builder makes, signed by the Slack bot's key. */
    public static ApprovalDecision decision(String approver, DecisionKind kind, String reason) {
        return SLACK.sign(unsignedDecision(approver, kind, reason));
    }

    /** A decision as any process that can write to Kafka could make it: no channel signed it. */
    public static ApprovalDecision unsignedDecision(String approver, DecisionKind kind, String reason) {
        return ApprovalDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString()).setRequestId("ar-intent-1").setIntentId("intent-1")
                .setIntentHash(HASH).setApprover(approver).setDecision(kind).setReason(reason)
                .setChannel("slack").setDecidedAt(Instant.parse("2026-11-22T12:05:00Z")).build();
    }
}
