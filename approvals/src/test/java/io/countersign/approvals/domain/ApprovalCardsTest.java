package io.countersign.approvals.domain;

import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverDecision;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Destination;
import io.countersign.schema.Effect;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The card every channel renders: complete, masked, in the request's order. */
class ApprovalCardsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String CARD_NUMBER = "4111 1111 1111 1111";
    private static final String TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

    /** An export to an external drop whose parameters and reasons slipped raw values past the pipeline. */
    private static ApprovalRequest request() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("token", TOKEN);
        parameters.put("card", CARD_NUMBER);
        parameters.put("limit", "100");
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(NOW)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("s3://lake/churn")).setEnvironment("prod")
                .setDestination(Destination.newBuilder().setUri("s3://partner-drop/q3.csv").setExternal(true).build())
                .setMaskedParameters(parameters).setReason("send to bob@example.com").build();
        LabelEntry inherited = LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.INHERITED)
                .setProvenance(List.of("pg://crm/customers", "s3://lake/churn")).setVia(List.of("dbt/nightly_export")).build();
        LabelEntry declared = LabelEntry.newBuilder().setLabel("FINANCE").setSource(LabelSource.DECLARED).build();
        return ApprovalRequest.newBuilder().setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h").setIntent(intent)
                .setClassification(List.of(DatasetClassification.newBuilder().setDataset("s3://lake/churn")
                        .setLabels(List.of(inherited, declared)).build()))
                .setRiskScore(80).setMatchedRules(List.of(MatchedRule.newBuilder().setId("regulated-export-external").setEffect(Effect.REVIEW).build()))
                .setEligibleGroups(List.of("data-stewards")).setQuorum(2).setPolicyVersion("v").setCreatedAt(NOW).setExpiresAt(NOW.plusSeconds(1830))
                .build();
    }

    private static ApprovalDecision decision(String approver, DecisionKind kind, String reason) {
        return ApprovalDecision.newBuilder().setDecisionId("d-" + approver).setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h")
                .setApprover(approver).setDecision(kind).setReason(reason).setDecidedAt(NOW).build();
    }

    @Test
    void anOpenCardHoldsWhatAnApproverNeedsMasked() {
        ApprovalCard card = ApprovalCards.open(request(), List.of(decision("user:carol@example.com", DecisionKind.APPROVE, null),
                decision("user:carol@example.com", DecisionKind.APPROVE, null),
                decision("user:dave@example.com", DecisionKind.DENY, "token " + TOKEN)), NOW);

        assertThat(card.open()).isTrue();
        assertThat(card.requestId()).isEqualTo("ar-i-1");
        assertThat(card.intentId()).isEqualTo("i-1");
        assertThat(card.agent()).isEqualTo(new ApprovalCard.Agent("agent:exporter", "langgraph", "user:olga@example.com"));
        assertThat(card.principal()).isEqualTo("user:alice@example.com");
        assertThat(card.delegationChain()).containsExactly("user:alice@example.com", "agent:exporter");
        assertThat(card.action()).isEqualTo("db.export");
        assertThat(card.environment()).isEqualTo("prod");
        assertThat(card.targets()).containsExactly(new ApprovalCard.Target("s3://lake/churn", List.of(
                new ApprovalCard.Label("PII", "pg://crm/customers", List.of("dbt/nightly_export")),
                new ApprovalCard.Label("FINANCE", null, List.of()))));
        assertThat(card.destination()).isEqualTo(new ApprovalCard.Destination("s3://partner-drop/q3.csv", true));
        assertThat(card.rules()).containsExactly("regulated-export-external");
        assertThat(card.risk()).isEqualTo(80);
        // Free text masked again, parameters in the request's order.
        assertThat(card.reason()).doesNotContain("bob@example.com");
        assertThat(card.parameters().keySet()).containsExactly("token", "card", "limit");
        assertThat(card.parameters().values()).doesNotContain(TOKEN, CARD_NUMBER).contains("100");
        // Distinct approvals count towards the quorum; every decision so far is listed, its reason masked.
        assertThat(card.progress().approvals()).isEqualTo(1);
        assertThat(card.progress().quorum()).isEqualTo(2);
        assertThat(card.progress().eligibleGroups()).containsExactly("data-stewards");
        assertThat(card.progress().votes()).hasSize(3);
        assertThat(card.progress().votes().get(2).reason()).startsWith("token ").doesNotContain(TOKEN);
        assertThat(card.expiresAt()).isEqualTo(NOW.plusSeconds(1830));
        assertThat(card.route()).isNull();
        assertThat(ApprovalCards.open(ApprovalRequest.newBuilder(request()).setRoute("#data-stewards").build(), List.of(), NOW).route())
                .isEqualTo("#data-stewards");
        assertThat(card.minutesLeft()).isEqualTo(30);
        assertThat(ApprovalCards.open(request(), List.of(), NOW.plusSeconds(4000)).minutesLeft()).isZero();
    }

    @Test
    void aClosedCardCarriesTheOutcomeAndTheCountedDecisions() {
        Verdict expired = Verdict.newBuilder().setIntentId("i-1").setRequestId("ar-i-1").setOutcome(Outcome.DENIED).setDecidedBy(DecidedBy.EXPIRED)
                .setPolicyVersion("v").setIntentHash("h").setReceivedAt(NOW).setDecidedAt(NOW).setMessage("expired; " + TOKEN).build();
        ApprovalCard card = ApprovalCards.closed(request(), expired);
        assertThat(card.open()).isFalse();
        assertThat(card.outcome().result()).isEqualTo(ApprovalCard.Result.EXPIRED);
        assertThat(card.outcome().message()).startsWith("expired; ").doesNotContain(TOKEN);
        assertThat(card.secondsLeft()).isZero();

        Verdict approved = Verdict.newBuilder(expired).setOutcome(Outcome.ALLOWED).setDecidedBy(DecidedBy.APPROVERS).setMessage(null)
                .setDecisions(List.of(ApproverDecision.newBuilder().setApprover("user:carol@example.com").setDecision(DecisionKind.APPROVE)
                        .setReason("contract checked").setChannel("slack").setDecidedAt(NOW).build())).build();
        ApprovalCard done = ApprovalCards.closed(request(), approved);
        assertThat(done.outcome().result()).isEqualTo(ApprovalCard.Result.APPROVED);
        assertThat(done.outcome().decisions()).containsExactly(
                new ApprovalCard.Vote("user:carol@example.com", DecisionKind.APPROVE, "contract checked"));
        assertThat(done.progress().approvals()).isEqualTo(1);
        assertThat(ApprovalCards.closed(request(), Verdict.newBuilder(approved).setOutcome(Outcome.DENIED).build()).outcome().result())
                .isEqualTo(ApprovalCard.Result.DENIED);
    }
}
