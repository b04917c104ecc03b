package io.countersign.processors.topology;

import io.countersign.audit.ChainVerifier;
import io.countersign.processors.domain.approval.ApprovalRequestBuilder;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import io.countersign.schema.Violation;
import io.countersign.schema.ViolationKind;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.countersign.processors.topology.TestIntentBuilder.anIntent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-wins pipeline ({@code stream-processors.gate: first-wins}): the at-least-once gate writes each decision only as
 * its audit batch, and the audit chain lets the first batch of an intent through, chained, with its verdict or approval
 * request; an intent decided again (as after a crash of the gate), even differently, changes nothing. An execution
 * reported before the chain has written its verdict waits for it.
 */
class FirstWinsTopologyTest {

    private static final String DENY_ALL = "defaultEffect: deny\nrules: []\n";

    private TopologyHarness gate;
    private TopologyHarness rest;

    @BeforeEach
    void start() {
        gate = new TopologyHarness(deps -> DecisionTopology.firstWins(deps).gate());
        rest = new TopologyHarness(deps -> DecisionTopology.firstWins(deps).rest());
        gate.label("pg://web/pages", "PUBLIC");
        gate.label("pg://crm/customers", "PII");
    }

    @AfterEach
    void stop() {
        gate.close();
        rest.close();
    }

    /** What the gate wrote for {@code intent}: its one batch. */
    private AuditRecordBatch decide(ActionIntent intent) {
        gate.submit(intent);
        return gate.unchained.readValuesToList().stream().reduce((a, b) -> {
            throw new AssertionError("the gate wrote two batches for one intent");
        }).orElseThrow();
    }

    private void chain(AuditRecordBatch batch) {
        rest.unchainedIn.pipeInput(batch.getEvents().get(0).getIntentId(), batch, rest.clock.instant());
    }

    @Test
    void theGateWritesOnlyTheBatchWhichHoldsTheVerdictOrTheRequest() {
        AuditRecordBatch allowed = decide(anIntent("i-allow").targets("pg://web/pages").build());
        AuditRecordBatch review = decide(anIntent("i-review").action("db.export").targets("pg://crm/customers")
                .external("https://partner.example").build());

        assertThat(gate.verdicts.isEmpty()).isTrue();
        assertThat(gate.requests.isEmpty()).isTrue();
        assertThat(allowed.getEvents()).extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT);
        assertThat(review.getEvents()).extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.APPROVAL_REQUESTED);
    }

    @Test
    void theFirstDecisionOfAnIntentWinsAndIsChainedOnceWithItsVerdict() {
        ActionIntent intent = anIntent("i-1").targets("pg://web/pages").build();
        AuditRecordBatch first = decide(intent);
        // The gate restarts after a crash before committing its offset, under a policy changed in between.
        gate.policy.set(PolicyLoader.parse(DENY_ALL, "deny-all.yaml"));
        AuditRecordBatch again = decide(intent);
        assertThat(verdictOf(again).getOutcome()).as("decided again, differently").isEqualTo(Outcome.DENIED);

        chain(first);
        chain(again);

        assertThat(rest.verdicts.readValuesToList()).singleElement()
                .satisfies(v -> assertThat(v.getOutcome()).isEqualTo(Outcome.ALLOWED));
        List<AuditRecord> records = rest.audit.readValuesToList();
        assertThat(records).extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT);
        assertThat(((Verdict) records.get(2).getEvent()).getOutcome()).isEqualTo(Outcome.ALLOWED);
        ChainVerifier verifier = new ChainVerifier(records.get(0).getChainPartition(), Set.of());
        for (int i = 0; i < records.size(); i++) {
            assertThat(verifier.accept(i, records.get(i), AuditRecord.getClassSchema())).isEmpty();
        }
        assertThat(rest.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aReviewIsRequestedOnceAndAnIdReusedForAnotherIntentIsADeadLetter() {
        AuditRecordBatch review = decide(anIntent("i-r").action("db.export").targets("pg://crm/customers")
                .external("https://partner.example").build());
        AuditRecordBatch other = decide(anIntent("i-r").targets("pg://web/pages").build());

        chain(review);
        chain(review);
        chain(other);

        assertThat(rest.requests.readValuesToList()).extracting(ApprovalRequest::getIntentId).containsExactly("i-r");
        assertThat(rest.verdicts.isEmpty()).as("a review waits for people").isTrue();
        assertThat(rest.audit.readValuesToList()).extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.APPROVAL_REQUESTED);
        assertThat(rest.deadLetters.readValuesToList()).singleElement().extracting(DeadLetter::getReason).asString()
                .contains("already used for a different intent");
    }

    @Test
    void anExecutionReportedBeforeTheChainWritesItsVerdictWaitsForItAndIsNoViolation() {
        AuditRecordBatch allowed = decide(anIntent("i-fast").targets("pg://web/pages").build());
        // The agent acted on the gate's decision; its report reaches the execution check before the verdict.
        rest.executions.pipeInput("i-fast", execution("i-fast", verdictOf(allowed).getIntentHash()));
        rest.advance(Duration.ofSeconds(2));
        chain(allowed);
        rest.advance(Duration.ofSeconds(2));

        assertThat(rest.audit.readValuesToList()).extracting(AuditRecord::getEventType).containsExactly(AuditEventType.EXECUTION,
                AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT);
    }

    @Test
    void aReportWhoseVerdictNeverComesIsAViolationOnceTheWaitRunsOut() {
        rest.executions.pipeInput("i-rogue", execution("i-rogue", "a".repeat(64)));
        rest.advance(DecisionTopology.FIRST_WINS_VERDICT_WAIT.minusSeconds(5));
        assertThat(violations()).as("still waiting").isEmpty();
        rest.advance(Duration.ofSeconds(10));
        assertThat(violations()).extracting(Violation::getKind).containsExactly(ViolationKind.EXECUTED_WITHOUT_VERDICT);
    }

    @Test
    void aReportHeldBeforeItsApprovalIsExecutionWithoutAVerdictWhenTheApprovalComes() {
        AuditRecordBatch review = decide(anIntent("i-early").action("db.export").targets("pg://crm/customers")
                .external("https://partner.example").build());
        chain(review);
        ApprovalRequest request = rest.requests.readValue();
        rest.executions.pipeInput("i-early", execution("i-early", request.getIntentHash()));
        rest.advance(Duration.ofSeconds(5));
        for (String steward : List.of("user:carol@example.com", "user:dave@example.com")) {
            rest.decisions.pipeInput(request.getRequestId(), ApprovalRequestBuilder.SLACK.sign(ApprovalDecision.newBuilder()
                    .setDecisionId(UUID.randomUUID().toString()).setRequestId(request.getRequestId()).setIntentId("i-early")
                    .setIntentHash(request.getIntentHash()).setApprover(steward).setDecision(DecisionKind.APPROVE)
                    .setChannel("slack").setDecidedAt(rest.clock.instant()).build()));
        }
        assertThat(rest.verdicts.readValue().getOutcome()).isEqualTo(Outcome.ALLOWED);
        rest.advance(Duration.ofSeconds(2));

        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.getKind()).isEqualTo(ViolationKind.EXECUTED_WITHOUT_VERDICT);
            assertThat(v.getDetail()).contains("before the approvers' verdict");
        });
    }

    @Test
    void reportsStillHeldWhenADeploymentSwitchesBackToTheExactlyOnceGateAreCheckedAtOnce() {
        try (TopologyHarness exactlyOnce = new TopologyHarness()) {
            exactlyOnce.label("pg://web/pages", "PUBLIC");
            exactlyOnce.submit(anIntent("i-allowed").targets("pg://web/pages").build());
            Verdict allowed = exactlyOnce.verdicts.readValue();
            exactlyOnce.audit.readValuesToList();
            // What the first-wins pipeline left held when it stopped, as the exactly-once one restores it from the changelog.
            KeyValueStore<String, ValueAndTimestamp<ExecutionReport>> store = exactlyOnce.driver.getTimestampedKeyValueStore(HeldExecutions.STORE);
            HeldExecutions left = new HeldExecutions((TimestampedKeyValueStore<String, ExecutionReport>) store);
            long heldAt = exactlyOnce.clock.millis();
            left.hold(execution("i-allowed", allowed.getIntentHash()), 0, 7, heldAt);
            left.hold(execution("i-rogue", "a".repeat(64)), 1, 9, heldAt);

            exactlyOnce.advance(Duration.ofSeconds(2));

            assertThat(exactlyOnce.audit.readValuesToList()).filteredOn(a -> a.getEventType() == AuditEventType.VIOLATION)
                    .singleElement().satisfies(a -> {
                        assertThat(a.getIntentId()).isEqualTo("i-rogue");
                        assertThat(((Violation) a.getEvent()).getKind()).isEqualTo(ViolationKind.EXECUTED_WITHOUT_VERDICT);
                    });
            assertThat(left.all()).as("nothing left held").isEmpty();
        }
    }

    private List<Violation> violations() {
        return rest.audit.readValuesToList().stream().filter(a -> a.getEventType() == AuditEventType.VIOLATION)
                .map(a -> (Violation) a.getEvent()).toList();
    }

    private static ExecutionReport execution(String intentId, String hash) {
        return ExecutionReport.newBuilder().setIntentId(intentId).setAgentId("agent:exporter").setStatus(ExecutionStatus.STARTED)
                .setExecutedHash(hash).setReportedAt(Instant.parse("2026-11-22T12:00:01Z")).build();
    }

    private static Verdict verdictOf(AuditRecordBatch batch) {
        return batch.getEvents().stream().map(AuditRecord::getEvent).filter(Verdict.class::isInstance).map(Verdict.class::cast)
                .findFirst().orElseThrow();
    }
}
