package io.countersign.ingest.adapter.in.kafka;

import io.countersign.approvals.domain.Identity;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.IntentRequest;
import io.countersign.ingest.domain.IntentValidator;
import io.countersign.ingest.domain.Role;
import io.countersign.ingest.domain.IntentStatus;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IntentViewTest {

    private static final Credential AGENT = new Credential("key-1", Identity.of("agent:exporter"), Identity.of("user:olga@example.com"),
            Set.of(Role.AGENT));

    private static ActionIntent intent(Instant at, String target, String reason, String framework) {
        return intent(at, target, reason, framework, "key-1");
    }

    private static ActionIntent intent(Instant at, String target, String reason, String framework, String idempotencyKey) {
        IntentRequest r = new IntentRequest("db.export", "user:alice@example.com", null, List.of(target), null, Map.of("format", "csv"),
                reason, null, framework, null, idempotencyKey);
        return new IntentValidator(Clock.fixed(at, ZoneOffset.UTC)).validate(r, AGENT, null);
    }

    @Test
    void aRetryIsTheSameRequestAndAnotherPayloadUnderTheSameKeyIsNot() {
        IntentView view = new IntentView(10);
        ActionIntent first = intent(Instant.parse("2026-12-01T10:00:00Z"), "pg://crm/customers", "monthly report", "langgraph");
        assertThat(view.replayOf(first)).isEqualTo(IntentView.Replay.NEW);
        view.intent(first);
        // Retried later, from another framework version: the same request.
        assertThat(view.replayOf(intent(Instant.parse("2026-12-01T10:05:00Z"), "pg://crm/customers", "monthly report", "crewai")))
                .isEqualTo(IntentView.Replay.SAME);
        assertThat(view.replayOf(intent(Instant.parse("2026-12-01T10:05:00Z"), "pg://crm/orders", "monthly report", "langgraph")))
                .isEqualTo(IntentView.Replay.DIFFERENT);
        assertThat(view.replayOf(intent(Instant.parse("2026-12-01T10:05:00Z"), "pg://crm/customers", "something else", "langgraph")))
                .isEqualTo(IntentView.Replay.DIFFERENT);
        assertThat(view.replayOf(intent(Instant.parse("2026-12-01T10:05:00Z"), "pg://crm/customers", null, "langgraph")))
                .isEqualTo(IntentView.Replay.DIFFERENT);
    }

    @Test
    void theRequestIsRememberedThroughItsVerdictAndUnknownWhileOnlyTheVerdictIsKnown() {
        IntentView view = new IntentView(10);
        ActionIntent first = intent(Instant.parse("2026-12-01T10:00:00Z"), "pg://crm/customers", "monthly report", "langgraph");
        view.verdict(verdict(first.getIntentId()));
        assertThat(view.replayOf(first)).isEqualTo(IntentView.Replay.UNKNOWN);
        assertThat(view.get(first.getIntentId()).orElseThrow().agentId()).isNull();
        view.intent(first);
        assertThat(view.replayOf(first)).isEqualTo(IntentView.Replay.SAME);
        view.verdict(verdict(first.getIntentId()));
        assertThat(view.replayOf(first)).isEqualTo(IntentView.Replay.SAME);
    }

    @Test
    void theFirstWinsGatesFirstDecisionIsTheAnswerAndALaterOneChangesNothing() throws Exception {
        IntentView view = new IntentView(10);
        ActionIntent allowed = intent(Instant.parse("2026-12-01T10:00:00Z"), "pg://web/pages", "report", "langgraph");
        view.intent(allowed);
        var answer = view.whenDecided(allowed.getIntentId());
        view.gateVerdict(verdict(allowed.getIntentId()));
        assertThat(answer.isDone()).as("answered from the gate's decision").isTrue();
        // The gate, restarted after a crash under another policy, decides it again.
        Verdict again = verdict(allowed.getIntentId());
        again.setOutcome(Outcome.DENIED);
        view.gateVerdict(again);
        assertThat(view.get(allowed.getIntentId()).orElseThrow().status()).isEqualTo(IntentStatus.ALLOWED);

        ActionIntent reviewed = intent(Instant.parse("2026-12-01T10:00:00Z"), "pg://crm/customers", "export", "langgraph", "key-2");
        view.intent(reviewed);
        view.gateReviewRequested(ApprovalRequest.newBuilder().setRequestId("r-1").setIntentId(reviewed.getIntentId())
                .setIntentHash("c".repeat(64)).setIntent(IntentSummary.newBuilder().setIntentId(reviewed.getIntentId())
                        .setOccurredAt(Instant.EPOCH).setAgent(reviewed.getAgent()).setPrincipal(reviewed.getPrincipal())
                        .setDelegationChain(List.of()).setAction("db.export").setTargets(List.of()).build())
                .setClassification(List.of()).setMatchedRules(List.of()).setEligibleGroups(List.of("g")).setQuorum(1).setCreatedAt(Instant.EPOCH)
                .setExpiresAt(Instant.EPOCH).setPolicyVersion("v1").build());
        view.gateVerdict(Verdict.newBuilder(again).setIntentId(reviewed.getIntentId()).build());
        assertThat(view.get(reviewed.getIntentId()).orElseThrow().status()).as("the review came first").isEqualTo(IntentStatus.PENDING_REVIEW);
        view.verdict(verdict(reviewed.getIntentId()));
        assertThat(view.get(reviewed.getIntentId()).orElseThrow().status()).as("the approvers' verdict").isEqualTo(IntentStatus.ALLOWED);
    }

    private static Verdict verdict(String intentId) {
        return Verdict.newBuilder().setIntentId(intentId).setOutcome(Outcome.ALLOWED).setDecidedBy(DecidedBy.POLICY).setPolicyVersion("v1")
                .setIntentHash("c".repeat(64)).setReceivedAt(Instant.EPOCH).setDecidedAt(Instant.EPOCH).build();
    }
}
