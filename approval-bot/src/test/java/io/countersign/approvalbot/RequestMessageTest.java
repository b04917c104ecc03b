package io.countersign.approvalbot;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.domain.ApprovalCards;
import io.countersign.approvals.domain.BlastRadius;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestMessageTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final RequestMessage MESSAGE = new RequestMessage("http://127.0.0.1:8090/");

    /** Named fixture: a review of an export whose parameters and reason slipped raw values past the pipeline. */
    static ApprovalRequest request() {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(NOW)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("s3://lake/churn")).setEnvironment("prod")
                .setDestination(Destination.newBuilder().setUri("s3://partner-drop/q3.csv").setExternal(true).build())
                .setMaskedParameters(Map.of("card", "4111 1111 1111 1111", "token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"))
                .setReason("send to bob@example.com").build();
        LabelEntry inherited = LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.INHERITED)
                .setProvenance(List.of("pg://crm/customers", "s3://lake/churn")).setVia(List.of("dbt/nightly_export")).build();
        return ApprovalRequest.newBuilder().setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h").setIntent(intent)
                .setClassification(List.of(DatasetClassification.newBuilder().setDataset("s3://lake/churn").setLabels(List.of(inherited)).build()))
                .setRiskScore(80).setMatchedRules(List.of(MatchedRule.newBuilder().setId("regulated-export-external").setEffect(Effect.REVIEW).build()))
                .setEligibleGroups(List.of("data-stewards")).setQuorum(2).setPolicyVersion("v").setCreatedAt(NOW).setExpiresAt(NOW.plusSeconds(1800))
                .build();
    }

    private static String json(List<LayoutBlock> blocks) {
        return GsonFactory.createSnakeCase().toJson(blocks);
    }

    private static String mrkdwn(List<LayoutBlock> blocks) throws Exception {
        return String.join("\n", HostileTextTest.texts(json(blocks), "mrkdwn"));
    }

    @Test
    void showsEverythingAnApproverNeedsAndNothingRaw() {
        ApprovalDecision first = ApprovalDecision.newBuilder().setDecisionId("d1").setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h")
                .setApprover("user:carol@example.com").setDecision(DecisionKind.APPROVE).setDecidedAt(NOW).build();
        String text = json(MESSAGE.open(ApprovalCards.open(request(), List.of(first), NOW)));
        assertThat(text).contains("db.export", "agent:exporter", "langgraph", "user:alice@example.com", "`user:alice@example.com` → `agent:exporter`",
                "s3://partner-drop/q3.csv", "external", "`PII` (inherited from `pg://crm/customers` via `dbt/nightly_export`)",
                "regulated-export-external", "risk 80", "1 of 2", "data-stewards", "30 min left", RequestMessage.APPROVE, RequestMessage.DENY, "ar-i-1");
        assertThat(text).doesNotContain("4111 1111 1111 1111", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "bob@example.com");
    }

    @Test
    void showsTheBlastRadiusLineWithTheDatasetPageOrSaysItIsUnavailableOrLeavesItOut() throws Exception {
        String known = mrkdwn(MESSAGE.open(ApprovalCards.open(request(), List.of(), NOW)
                .withBlastRadius(new BlastRadius.Known(14, 3, false, Map.of("PII", 2), 5, 30))));
        assertThat(known).contains("*Blast radius*: `feeds 14 datasets in 3 hops, 2 labelled PII; used by 5 agents this month`"
                + " · <http://127.0.0.1:8090/#/datasets/s3%3A%2F%2Flake%2Fchurn|dataset page>");
        String unavailable = mrkdwn(MESSAGE.open(ApprovalCards.open(request(), List.of(), NOW).withBlastRadius(BlastRadius.Unavailable.UNREACHABLE)));
        assertThat(unavailable).contains("`blast radius unavailable (lineage index unreachable)`");
        assertThat(json(MESSAGE.open(ApprovalCards.open(request(), List.of(), NOW)))).doesNotContain("Blast radius", "blast radius");
    }

    @Test
    void aDecidedRequestShowsTheOutcomeAndNoButtons() {
        Verdict v = Verdict.newBuilder().setIntentId("i-1").setOutcome(Outcome.DENIED).setDecidedBy(DecidedBy.EXPIRED)
                .setPolicyVersion("v").setIntentHash("h").setReceivedAt(NOW).setDecidedAt(NOW).build();
        String expired = json(MESSAGE.closed(ApprovalCards.closed(request(), v)));
        assertThat(expired).contains("Expired — denied").doesNotContain(RequestMessage.APPROVE);
        Verdict approved = Verdict.newBuilder(v).setOutcome(Outcome.ALLOWED).setDecidedBy(DecidedBy.APPROVERS)
                .setDecisions(List.of(ApproverDecision.newBuilder().setApprover("user:carol@example.com").setDecision(DecisionKind.APPROVE)
                        .setReason("contract checked").setChannel("slack").setDecidedAt(NOW).build())).build();
        assertThat(json(MESSAGE.closed(ApprovalCards.closed(request(), approved)))).contains("Approved", "approved by `user:carol@example.com`: `contract checked`");
    }
}
