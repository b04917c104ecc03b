package io.countersign.processors.topology;

import io.countersign.audit.AuditSigner;
import io.countersign.audit.ChainVerifier;
import io.countersign.contracts.canonical.IntentHash;
import io.countersign.processors.domain.gate.Gate;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schema.IntentClassification;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import io.countersign.schema.Violation;
import io.countersign.schema.ViolationKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.countersign.processors.domain.approval.ApprovalRequestBuilder.API;
import static io.countersign.processors.domain.approval.ApprovalRequestBuilder.SLACK;
import static io.countersign.processors.topology.TestIntentBuilder.anIntent;
import static org.assertj.core.api.Assertions.assertThat;

class DecisionTopologyTest {

    private TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness();
        label(h, "pg://crm/customers", "PII");
        label(h, "vault://prod/keys", "SECRET");
        label(h, "pg://web/pages", "PUBLIC");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static void label(TopologyHarness h, String dataset, String label) {
        h.label(dataset, label);
    }

    private ApprovalRequest reviewRequest(String id) {
        h.submit(anIntent(id).action("db.export").targets("pg://crm/customers").external("s3://partner/drop")
                .param("where", "email = 'bob@example.com'").param("format", "csv").build());
        return h.requests.readValue();
    }

    private void decide(ApprovalRequest r, String approver, DecisionKind kind, String reason) {
        decide(r, approver, kind, reason, r.getIntentHash());
    }

    private void decide(ApprovalRequest r, String approver, DecisionKind kind, String reason, String hash) {
        h.decisions.pipeInput(r.getRequestId(), SLACK.sign(unsigned(r, approver, kind, reason, hash)));
    }

    private ApprovalDecision unsigned(ApprovalRequest r, String approver, DecisionKind kind, String reason, String hash) {
        return ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString())
                .setRequestId(r.getRequestId()).setIntentId(r.getIntentId()).setIntentHash(hash).setApprover(approver)
                .setDecision(kind).setReason(reason).setChannel("slack").setDecidedAt(h.clock.instant()).build();
    }

    private List<AuditRecord> audit() {
        return h.audit.readValuesToList();
    }

    @Test
    void allowedByPolicyGetsAVerdictAtOnceAndAChainedAudit() {
        h.submit(anIntent("i-allow").targets("pg://web/pages").build());

        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.getDecidedBy()).isEqualTo(DecidedBy.POLICY);
        assertThat(v.getPolicyVersion()).isNotBlank();
        assertThat(v.getIntentHash()).isEqualTo(IntentHash.of(anIntent("i-allow").targets("pg://web/pages").build()));
        assertThat(h.requests.isEmpty()).isTrue();

        // The three events reach the chain as one record, and are chained in the order they happened.
        assertThat(h.unchained.readValuesToList()).singleElement().satisfies(batch -> assertThat(batch.getEvents())
                .extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT));
        List<AuditRecord> records = audit();
        assertThat(records).extracting(AuditRecord::getEventType)
                .containsExactly(AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT);
        assertThat(records).extracting(AuditRecord::getSequence).containsExactly(0L, 1L, 2L);
        ChainVerifier verifier = new ChainVerifier(records.get(0).getChainPartition(), Set.of());
        for (int i = 0; i < records.size(); i++) {
            assertThat(verifier.accept(i, records.get(i), AuditRecord.getClassSchema())).isEmpty();
        }
    }

    @Test
    void secretGoingExternalIsDenied() {
        h.submit(anIntent("i-deny").action("db.export").targets("vault://prod/keys").external("https://pastebin.example").build());
        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.getMatchedRules()).extracting(r -> r.getId()).contains("secret-external");
    }

    @Test
    void reviewEmitsAMaskedRequestAndQuorumCountsDistinctPeople() {
        ApprovalRequest r = reviewRequest("i-review");
        assertThat(h.verdicts.isEmpty()).as("no verdict while pending").isTrue();
        assertThat(r.getQuorum()).isEqualTo(2);
        assertThat(r.getEligibleGroups()).containsExactly("data-stewards");
        assertThat(r.getIntent().getMaskedParameters()).containsEntry("where", "[masked:by-policy]").containsEntry("format", "csv");
        assertThat(r.getClassification()).singleElement().satisfies(c ->
                assertThat(c.getLabels()).extracting(LabelEntry::getLabel).containsExactly("PII"));
        assertThat(r.getExpiresAt()).isEqualTo(h.clock.instant().plus(Duration.ofMinutes(30)));

        decide(r, "user:carol@example.com", DecisionKind.APPROVE, "ok");
        decide(r, "user:carol@example.com", DecisionKind.APPROVE, "again");
        assertThat(h.verdicts.isEmpty()).as("the same person twice is not a quorum of two").isTrue();
        decide(r, "user:dave@example.com", DecisionKind.APPROVE, "fine");

        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.getDecidedBy()).isEqualTo(DecidedBy.APPROVERS);
        assertThat(v.getDecisions()).extracting(d -> d.getApprover()).containsExactly("user:carol@example.com", "user:dave@example.com");
        assertThat(audit()).extracting(AuditRecord::getEventType).contains(AuditEventType.APPROVAL_REQUESTED,
                AuditEventType.DECISION_ACCEPTED, AuditEventType.DECISION_REJECTED, AuditEventType.VERDICT);
    }

    @Test
    void delegationChainIneligibleAndWrongHashAreRejectedAndAudited() {
        ApprovalRequest r = reviewRequest("i-chain");
        decide(r, "user:alice@example.com", DecisionKind.APPROVE, null);   // principal
        decide(r, "user:olga@example.com", DecisionKind.APPROVE, null);    // agent owner
        decide(r, "agent:planner", DecisionKind.APPROVE, null);            // parent agent
        decide(r, "user:sam@example.com", DecisionKind.APPROVE, null);     // not a data steward
        decide(r, "user:dave@example.com", DecisionKind.APPROVE, null, "f".repeat(64)); // another intent version
        assertThat(h.verdicts.isEmpty()).isTrue();

        List<AuditRecord> rejected = audit().stream().filter(a -> a.getEventType() == AuditEventType.DECISION_REJECTED).toList();
        assertThat(rejected).extracting(AuditRecord::getNote).satisfiesExactly(
                n -> assertThat(n).startsWith("IN_DELEGATION_CHAIN"),
                n -> assertThat(n).startsWith("IN_DELEGATION_CHAIN"),
                n -> assertThat(n).startsWith("IN_DELEGATION_CHAIN"),
                n -> assertThat(n).startsWith("NOT_ELIGIBLE"),
                n -> assertThat(n).startsWith("INTENT_HASH_MISMATCH"));
    }

    @Test
    void oneDenyDeniesAndLateDecisionsChangeNothing() {
        ApprovalRequest r = reviewRequest("i-late");
        decide(r, "user:carol@example.com", DecisionKind.DENY, "no export to partners");
        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.getDecisions()).singleElement().satisfies(d -> assertThat(d.getReason()).isEqualTo("no export to partners"));

        decide(r, "user:dave@example.com", DecisionKind.APPROVE, "late");
        assertThat(h.verdicts.isEmpty()).isTrue();
        assertThat(audit()).filteredOn(a -> a.getEventType() == AuditEventType.DECISION_REJECTED)
                .singleElement().satisfies(a -> assertThat(a.getNote()).startsWith("ALREADY_DECIDED_REQUEST"));
    }

    @Test
    void unansweredRequestExpiresToDenied() {
        ApprovalRequest r = reviewRequest("i-expire");
        decide(r, "user:carol@example.com", DecisionKind.APPROVE, null);
        h.advance(Duration.ofMinutes(29));
        assertThat(h.verdicts.isEmpty()).isTrue();
        h.advance(Duration.ofMinutes(2));
        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.getDecidedBy()).isEqualTo(DecidedBy.EXPIRED);
        assertThat(v.getMessage()).contains("1 of 2");
    }

    @Test
    void aDecisionFetchedBeforeItsRequestIsHeldAndAppliedWhenTheRequestArrives() {
        ActionIntent intent = anIntent("i-early").action("iam.role.grant").targets("iam://roles/admin").env("prod").build();
        h.decisions.pipeInput(Gate.requestId("i-early"), API.sign(ApprovalDecision.newBuilder().setDecisionId("d-early")
                .setRequestId(Gate.requestId("i-early")).setIntentId("i-early")
                .setIntentHash(IntentHash.of(intent)).setApprover("user:sam@example.com")
                .setDecision(DecisionKind.APPROVE).setChannel("api").setDecidedAt(h.clock.instant()).build()));
        assertThat(h.verdicts.isEmpty()).as("held, not decided and not rejected").isTrue();
        assertThat(audit()).noneMatch(a -> a.getEventType() == AuditEventType.DECISION_REJECTED);

        h.submit(intent);

        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.getDecidedBy()).isEqualTo(DecidedBy.APPROVERS);
        assertThat(v.getDecisions()).singleElement().satisfies(d -> assertThat(d.getApprover()).isEqualTo("user:sam@example.com"));
    }

    @Test
    void aDecisionForARequestThatNeverComesIsRejectedAsUnknownAfterTheWait() {
        h.decisions.pipeInput("req-nobody", API.sign(ApprovalDecision.newBuilder().setDecisionId("d-orphan").setRequestId("req-nobody")
                .setIntentId("i-nobody").setIntentHash("0".repeat(64)).setApprover("user:sam@example.com")
                .setDecision(DecisionKind.APPROVE).setChannel("api").setDecidedAt(h.clock.instant()).build()));
        h.advance(HeldDecisions.WAIT.minusSeconds(5));
        assertThat(audit()).noneMatch(a -> a.getEventType() == AuditEventType.DECISION_REJECTED);

        h.advance(Duration.ofSeconds(10));

        assertThat(audit()).filteredOn(a -> a.getEventType() == AuditEventType.DECISION_REJECTED).singleElement()
                .satisfies(a -> {
                    assertThat(a.getIntentId()).isEqualTo("i-nobody");
                    assertThat(a.getNote()).startsWith("UNKNOWN_REQUEST");
                });
        assertThat(h.verdicts.isEmpty()).isTrue();
    }

    @Test
    void onlyADecisionSignedByItsChannelsKeyApprovesAndTheAuditNamesTheKey() {
        ActionIntent intent = anIntent("i-signed").action("iam.role.grant").targets("iam://roles/admin").env("prod").build();
        h.submit(intent);
        ApprovalRequest r = h.requests.readValue();
        audit();
        // Any local process that can write to Kafka, approving as the eligible approver.
        h.decisions.pipeInput(r.getRequestId(), unsigned(r, "user:sam@example.com", DecisionKind.APPROVE, "ok", r.getIntentHash()));
        // A signed click by someone else, rewritten to name the eligible approver: a valid-looking, wrong signature.
        ApprovalDecision forged = ApprovalDecision.newBuilder(SLACK.sign(unsigned(r, "user:carol@example.com", DecisionKind.APPROVE,
                "ok", r.getIntentHash()))).setApprover("user:sam@example.com").build();
        h.decisions.pipeInput(r.getRequestId(), forged);
        // The Slack bot's key, claiming the decision came through the approval API.
        ApprovalDecision claimsApi = unsigned(r, "user:sam@example.com", DecisionKind.APPROVE, "ok", r.getIntentHash());
        claimsApi.setChannel("api");
        h.decisions.pipeInput(r.getRequestId(), SLACK.sign(claimsApi));

        assertThat(h.verdicts.isEmpty()).as("no unproven decision approves").isTrue();
        List<AuditRecord> rejected = audit();
        assertThat(rejected).allSatisfy(a -> {
            assertThat(a.getEventType()).isEqualTo(AuditEventType.DECISION_REJECTED);
            assertThat(a.getActor()).isEqualTo("unverified");
        });
        assertThat(rejected).extracting(AuditRecord::getNote).satisfiesExactly(
                n -> assertThat(n).startsWith("UNSIGNED"),
                n -> assertThat(n).startsWith("BAD_SIGNATURE").contains(SLACK.keyId()),
                n -> assertThat(n).startsWith("WRONG_CHANNEL_KEY").contains(SLACK.keyId()));

        decide(r, "user:sam@example.com", DecisionKind.APPROVE, "ok");
        assertThat(h.verdicts.readValue().getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(audit()).filteredOn(a -> a.getEventType() == AuditEventType.DECISION_ACCEPTED).singleElement().satisfies(a -> {
            assertThat(a.getActor()).isEqualTo("user:sam@example.com");
            assertThat(a.getNote()).isEqualTo("APPROVE via slack, signed by key " + SLACK.keyId());
            assertThat(((ApprovalDecision) a.getEvent()).getSigningKeyId()).isEqualTo(SLACK.keyId());
        });
    }

    @Test
    void anUnsignedDecisionBeforeItsRequestIsRejectedAtOnceNotHeld() {
        ActionIntent intent = anIntent("i-early-forged").action("iam.role.grant").targets("iam://roles/admin").env("prod").build();
        h.decisions.pipeInput(Gate.requestId("i-early-forged"), ApprovalDecision.newBuilder().setDecisionId("d-forged")
                .setRequestId(Gate.requestId("i-early-forged")).setIntentId("i-early-forged")
                .setIntentHash(IntentHash.of(intent)).setApprover("user:sam@example.com")
                .setDecision(DecisionKind.APPROVE).setChannel("api").setDecidedAt(h.clock.instant()).build());
        assertThat(audit()).filteredOn(a -> a.getEventType() == AuditEventType.DECISION_REJECTED).singleElement()
                .satisfies(a -> assertThat(a.getNote()).startsWith("UNSIGNED"));

        h.submit(intent);

        assertThat(h.verdicts.isEmpty()).isTrue();
        assertThat(h.requests.readValue().getIntentId()).isEqualTo("i-early-forged");
    }

    @Test
    void iamInProdNeedsSecurityButNotInDev() {
        h.submit(anIntent("i-iam-prod").action("iam.role.grant").targets("iam://roles/admin").env("prod").build());
        assertThat(h.requests.readValue().getEligibleGroups()).containsExactly("security-oncall");
        h.submit(anIntent("i-iam-dev").action("iam.role.grant").targets("iam://roles/admin").env("dev").build());
        assertThat(h.verdicts.readValue().getOutcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void anotherSpellingOfALabelledDatasetIsClassifiedAndRoutedLikeTheCanonicalOne() {
        h.submit(anIntent("i-canonical").action("db.export").targets("pg://crm/customers").external("s3://partner/drop").build());
        h.submit(anIntent("i-respelled").action("db.export").targets("PG://CRM/customers/").external("s3://partner/drop").build());
        List<ApprovalRequest> requests = h.requests.readValuesToList();
        assertThat(requests).hasSize(2).allSatisfy(r -> {
            assertThat(r.getMatchedRules()).extracting(m -> m.getId()).containsExactly("pii-external-export");
            assertThat(r.getQuorum()).isEqualTo(2);
            assertThat(r.getClassification()).singleElement().satisfies(c -> {
                assertThat(c.getDataset()).isEqualTo("pg://crm/customers");
                assertThat(c.getLabels()).extracting(LabelEntry::getLabel).containsExactly("PII");
            });
        });
        h.submit(anIntent("i-secret").action("db.export").targets("VAULT://prod//keys/.").external("https://pastebin.example").build());
        assertThat(h.verdicts.readValue().getOutcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void rulesThatLookUpEachTargetFindItUnderTheSpellingTheAgentUsedAndTheCanonicalOne() {
        h.policy.set(PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: secret-target-out
                    condition: "intent.targets.exists(t, 'SECRET' in resource[t]) && intent.destination.external"
                    effect: deny
                  - id: customers-by-name
                    condition: "'pg://crm/customers' in resource && 'PII' in resource['pg://crm/customers']"
                    effect: deny
                """, "per-target.yaml"));
        h.submit(anIntent("i-vault").action("db.export").targets("VAULT://prod//keys/.").external("https://pastebin.example").build());
        h.submit(anIntent("i-crm").action("db.read").targets("PG://crm/Customers").build());
        assertThat(h.verdicts.readValuesToList()).allSatisfy(v -> assertThat(v.getOutcome()).isEqualTo(Outcome.DENIED))
                .extracting(v -> v.getMatchedRules().get(0).getId()).containsExactly("secret-target-out", "customers-by-name");
    }

    @Test
    void aTargetThatCannotBeCanonicalisedIsDeniedNeverTreatedAsPublic() {
        label(h, "pg://web/pages\u0000", "PUBLIC"); // even a label under the raw spelling does not make it public
        h.submit(anIntent("i-unreadable").action("db.read").targets("pg://web/pages", "pg://web/pages\u0000").build());
        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.getMatchedRules()).extracting(m -> m.getId()).containsExactly("unreadable-dataset-uri");
        assertThat(h.requests.isEmpty()).isTrue();
        IntentClassification classified = (IntentClassification) audit().stream()
                .filter(a -> a.getEventType() == AuditEventType.CLASSIFIED).findFirst().orElseThrow().getEvent();
        assertThat(classified.getDatasets().get(1).getLabels()).extracting(LabelEntry::getLabel).contains("UNCLASSIFIED");
        assertThat(classified.getDatasets().get(1).getKnown()).isFalse();
        assertThat(classified.getRiskReasons()).anyMatch(r -> r.contains("targets[1] is not a dataset URI"));
    }

    @Test
    void inheritedLabelsCountLikeDeclaredOnes() {
        String derived = "s3://lake/customer_extract";
        h.inherited.pipeInput(derived, DatasetLabels.newBuilder().setDataset(derived)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.INHERITED)
                        .setProvenance(List.of("pg://crm/customers", derived)).build()))
                .setUpdatedAt(h.clock.instant()).build());
        h.submit(anIntent("i-inherit").action("db.export").targets(derived).external("s3://partner").build());
        ApprovalRequest r = h.requests.readValue();
        assertThat(r.getClassification().get(0).getLabels().get(0).getProvenance()).containsExactly("pg://crm/customers", derived);
    }

    @Test
    void policyReloadTakesEffectAndIsVersionedInEveryVerdict() {
        h.submit(anIntent("i-v1").targets("pg://web/pages").build());
        String v1 = h.verdicts.readValue().getPolicyVersion();
        h.policy.set(PolicyLoader.parse("defaultEffect: deny\nrules: []\n", "stricter.yaml"));
        h.submit(anIntent("i-v2").targets("pg://web/pages").build());
        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.getPolicyVersion()).isNotEqualTo(v1);
    }

    @Test
    void executionWithoutVerdictOrWithAnotherHashIsAViolation() {
        h.executions.pipeInput("i-rogue", execution("i-rogue", "a".repeat(64)));
        h.submit(anIntent("i-ok").targets("pg://web/pages").build());
        Verdict allowed = h.verdicts.readValue();
        h.executions.pipeInput("i-ok", execution("i-ok", "b".repeat(64)));
        h.executions.pipeInput("i-ok", execution("i-ok", allowed.getIntentHash()));

        Map<String, ViolationKind> violations = new HashMap<>();
        audit().stream().filter(a -> a.getEventType() == AuditEventType.VIOLATION)
                .forEach(a -> violations.merge(a.getIntentId(), ((Violation) a.getEvent()).getKind(), (x, y) -> x));
        assertThat(violations).containsExactlyInAnyOrderEntriesOf(Map.of(
                "i-rogue", ViolationKind.EXECUTED_WITHOUT_VERDICT, "i-ok", ViolationKind.HASH_MISMATCH));
    }

    @Test
    void aCancelledIntentIsAuditedAndNeverAViolationWhateverItsVerdict() {
        h.executions.pipeInput("i-withdrawn", execution("i-withdrawn", "", ExecutionStatus.CANCELLED));
        h.submit(anIntent("i-denied").action("db.export").targets("vault://prod/keys").external("https://pastebin.example").build());
        Verdict denied = h.verdicts.readValue();
        assertThat(denied.getOutcome()).isEqualTo(Outcome.DENIED);
        h.executions.pipeInput("i-denied", execution("i-denied", denied.getIntentHash(), ExecutionStatus.CANCELLED));

        List<AuditRecord> records = audit();
        assertThat(records).filteredOn(a -> a.getEventType() == AuditEventType.VIOLATION).isEmpty();
        assertThat(records).filteredOn(a -> a.getEventType() == AuditEventType.EXECUTION)
                .extracting(AuditRecord::getIntentId, AuditRecord::getNote)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("i-withdrawn", "CANCELLED"),
                        org.assertj.core.groups.Tuple.tuple("i-denied", "CANCELLED"));
    }

    @Test
    void undecodableAndInvalidIntentsGoToDeadLettersAndTheNextOneIsStillDecided() {
        h.rawIntents.pipeInput("bad".getBytes(), new byte[] {1, 2, 3, 4, 5, 6});
        h.submit(anIntent(" ").targets("pg://web/pages").build());
        h.submit(anIntent("i-after").targets("pg://web/pages").build());

        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).getStage()).isEqualTo("deserialize");
        assertThat(letters.get(0).getSourceTopic()).isEqualTo("countersign.intents");
        assertThat(letters.get(0).getReason()).containsIgnoringCase("magic");
        assertThat(letters.get(1).getStage()).startsWith("process");
        assertThat(letters.get(1).getReason()).contains("intentId");
        assertThat(h.verdicts.readValue().getIntentId()).isEqualTo("i-after");
    }

    @Test
    void aResentIntentIsDecidedOnceAndAReusedIdWithOtherContentIsADeadLetter() {
        ActionIntent intent = anIntent("i-dup").targets("pg://web/pages").build();
        h.submit(intent);
        h.submit(intent);
        h.submit(anIntent("i-dup").targets("vault://prod/keys").build());
        h.submit(anIntent("i-next").targets("pg://web/pages").build());

        assertThat(h.verdicts.readValuesToList()).extracting(Verdict::getIntentId).containsExactly("i-dup", "i-next");
        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).getReason()).contains("already used for a different intent");
        assertThat(audit()).filteredOn(a -> a.getIntentId().equals("i-dup") && a.getEventType() == AuditEventType.RECEIVED).hasSize(1);
    }

    @Test
    void chainHeadsAreSignedPeriodically() {
        h.submit(anIntent("i-cp").targets("pg://web/pages").build());
        List<AuditRecord> records = audit();
        h.advance(Duration.ofSeconds(11));
        AuditCheckpoint cp = h.checkpoints.readValue();
        AuditRecord last = records.get(records.size() - 1);
        assertThat(cp.getChainPartition()).isEqualTo(last.getChainPartition());
        assertThat(cp.getLastSequence()).isEqualTo(last.getSequence());
        assertThat(cp.getHeadHash()).isEqualTo(last.getHash());
        assertThat(AuditSigner.verify(cp, h.signer.publicKey())).isTrue();
        h.advance(Duration.ofSeconds(11));
        assertThat(h.checkpoints.isEmpty()).as("no new checkpoint when the chain did not move").isTrue();
    }

    private static ExecutionReport execution(String intentId, String hash) {
        return execution(intentId, hash, ExecutionStatus.SUCCEEDED);
    }

    private static ExecutionReport execution(String intentId, String hash, ExecutionStatus status) {
        return ExecutionReport.newBuilder().setIntentId(intentId).setAgentId("agent:exporter")
                .setStatus(status).setExecutedHash(hash)
                .setReportedAt(java.time.Instant.parse("2026-11-22T12:01:00Z")).build();
    }
}
