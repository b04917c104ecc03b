package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.ingest.domain.IntentStatus;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.IntentSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code GET /v1/intents/{id}} says a pending review waits for: quorum, approvals so far, groups, expiry, step-up. */
class VerdictJsonReviewTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    private static ApprovalRequest request() {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(CREATED)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod")
                .setMaskedParameters(Map.of("where", "email = '<EMAIL>'")).build();
        return ApprovalRequest.newBuilder().setRequestId("ar-1").setIntentId("i-1").setIntentHash("h").setIntent(intent)
                .setClassification(List.of()).setMatchedRules(List.of()).setEligibleGroups(List.of("data-stewards", "security"))
                .setQuorum(2).setStepUp(true).setPolicyVersion("v1").setCreatedAt(CREATED).setExpiresAt(CREATED.plusSeconds(1800)).build();
    }

    private static ApprovalDecision decision(String id, String approver, DecisionKind kind) {
        return ApprovalDecision.newBuilder().setDecisionId(id).setRequestId("ar-1").setIntentId("i-1").setIntentHash("h")
                .setApprover(approver).setDecision(kind).setDecidedAt(CREATED.plusSeconds(60)).build();
    }

    @Test
    void aPendingReviewSaysHowManyDistinctApproversApprovedOfTheQuorumAndNamesThemOnlyToApprovers() {
        PendingApprovals pending = new PendingApprovals();
        pending.requested(request());
        pending.decision(decision("d-1", "user:carol@example.com", DecisionKind.APPROVE));
        pending.decision(decision("d-2", "user:carol@example.com", DecisionKind.APPROVE));

        Map<String, Object> forAgent = VerdictJson.review(pending.open("ar-1").orElseThrow(), false);
        assertThat(forAgent).containsEntry("requestId", "ar-1").containsEntry("quorum", 2).containsEntry("approvals", 1)
                .containsEntry("eligibleGroups", List.of("data-stewards", "security"))
                .containsEntry("expiresAt", "2026-12-01T10:30:00Z").containsEntry("stepUp", true)
                .doesNotContainKey("approvedBy");
        assertThat(forAgent.toString()).as("no masked content of the request").doesNotContain("EMAIL", "alice", "carol");
        assertThat(VerdictJson.review(pending.open("ar-1").orElseThrow(), true)).containsEntry("approvedBy", List.of("user:carol@example.com"));
    }

    @Test
    void theStatusCarriesTheReviewOnlyWhenThereIsOne() {
        IntentView view = new IntentView(10);
        view.reviewRequested(request());
        IntentView.Entry entry = view.get("i-1").orElseThrow();
        assertThat(entry.status()).isEqualTo(IntentStatus.PENDING_REVIEW);
        assertThat(entry.reviewRequestId()).isEqualTo("ar-1");

        assertThat(VerdictJson.status("i-1", entry, Map.of("quorum", 2))).containsEntry("review", Map.of("quorum", 2));
        assertThat(VerdictJson.status("i-1", entry, null)).as("not read here yet: absent, not an error").doesNotContainKey("review");
    }
}
