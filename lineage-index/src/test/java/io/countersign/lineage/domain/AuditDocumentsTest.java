package io.countersign.lineage.domain;

import io.countersign.schema.AgentRef;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.ApproverDecision;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.DelegationProof;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditDocumentsTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    /** Named fixture builder: one chained audit record around {@code event}. */
    static AuditRecord record(AuditEventType type, long sequence, Object event) {
        return AuditRecord.newBuilder().setIntentId("i-1").setEventType(type).setOccurredAt(AT).setActor("countersign").setEvent(event)
                .setChainPartition(2).setSequence(sequence).setPrevHash("0".repeat(64)).setHash("a".repeat(64)).build();
    }

    @Test
    void aReceivedEventFillsWhoAndWhatWithMaskedParametersOnly() {
        IntentSummary s = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(AT)
                .setAgent(AgentRef.newBuilder().setId("agent:x").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:x"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod")
                .setMaskedParameters(Map.of("where", "email = [masked:email]")).build();
        List<IndexOp> ops = AuditDocuments.of(record(AuditEventType.RECEIVED, 7, s), Origin.kafka("countersign.audit", 2, 41));
        assertThat(ops).extracting(o -> o.index, o -> o.id).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AuditDocuments.EVENTS, "2-7"), org.assertj.core.groups.Tuple.tuple(AuditDocuments.AUDIT, "i-1"));
        assertThat(ops.get(0).json).contains("\"sequence\":7", "\"hash\":\"" + "a".repeat(64), "\"eventType\":\"RECEIVED\"");
        assertThat(ops.get(1).json).contains("\"agent\":\"agent:x\"", "\"agentOwner\":\"user:olga@example.com\"",
                "\"maskedParameters\":[\"where=email = [masked:email]\"]", "\"receivedAt\":\"2026-11-23T10:00:00Z\"",
                "\"principalProven\":false");

        IntentSummary proven = IntentSummary.newBuilder(s).setDelegation(DelegationProof.newBuilder().setIssuer("https://idp.example.com")
                .setSubject("00u1abc").setActor("agent:x").setExpiresAt(AT).setVerifiedAt(AT).setSigningKeyId("api-1")
                .setSignature(java.nio.ByteBuffer.allocate(0)).build()).build();
        assertThat(AuditDocuments.of(record(AuditEventType.RECEIVED, 8, proven), Origin.kafka("countersign.audit", 2, 42)).get(1).json)
                .contains("\"principalProven\":true", "\"principalIssuer\":\"https://idp.example.com\"", "\"principalActor\":\"agent:x\"");
    }

    @Test
    void aVerdictFillsTheOutcomeApproversAndTimeToDecision() {
        Verdict v = Verdict.newBuilder().setIntentId("i-1").setOutcome(Outcome.ALLOWED).setDecidedBy(DecidedBy.APPROVERS)
                .setDecisions(List.of(ApproverDecision.newBuilder().setApprover("user:carol@example.com").setDecision(DecisionKind.APPROVE)
                        .setReason("contract checked").setChannel("api").setDecidedAt(AT)
                        .setAuthentication(ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_STEP_UP)
                                .setAmr(List.of("pwd", "otp")).setAuthTime(AT.minusSeconds(30)).build()).build()))
                .setPolicyVersion("v").setIntentHash("h").setReceivedAt(AT).setDecidedAt(AT.plusSeconds(90)).setLatencyMs(90_000).build();
        String doc = AuditDocuments.of(record(AuditEventType.VERDICT, 9, v), Origin.kafka("countersign.audit", 2, 43)).get(1).json;
        assertThat(doc).contains("\"outcome\":\"ALLOWED\"", "\"decidedBy\":\"APPROVERS\"", "\"timeToDecisionMs\":90000",
                "\"approver\":\"user:carol@example.com\"", "\"reason\":\"contract checked\"", "\"channel\":\"api\"",
                "\"authMethod\":\"OIDC_STEP_UP\"", "\"amr\":[\"pwd\",\"otp\"]", "\"authTime\":\"2026-11-23T09:59:30Z\"");
    }

    @Test
    void aRefusalAtTheGatewayIsSearchableByItsReasonAndOutcomeWithWhoAskedForWhom() {
        IntentRefusal x = IntentRefusal.newBuilder().setIntentId("i-1").setRefusedAt(AT)
                .setAgent(AgentRef.newBuilder().setId("agent:x").setOwner("user:olga@example.com").build()).setKeyId("key-7")
                .setPrincipal("user:bob@example.com").setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod")
                .setError("principal_not_allowed").setReason("principal not allowed for this key").build();
        AuditRecord r = AuditRecord.newBuilder(record(AuditEventType.REFUSED_AT_GATEWAY, 11, x)).setActor("agent:x")
                .setNote("principal_not_allowed: principal not allowed for this key").build();
        List<IndexOp> ops = AuditDocuments.of(r, Origin.kafka("countersign.audit", 2, 45));
        assertThat(ops.get(0).json).contains("\"eventType\":\"REFUSED_AT_GATEWAY\"", "\"actor\":\"agent:x\"",
                "\"note\":\"principal_not_allowed: principal not allowed for this key\"", "\"sequence\":11");
        assertThat(ops.get(1).json).contains("\"agent\":\"agent:x\"", "\"agentOwner\":\"user:olga@example.com\"",
                "\"principal\":\"user:bob@example.com\"", "\"principalProven\":false", "\"action\":\"db.export\"",
                "\"targets\":[\"pg://crm/customers\"]", "\"environment\":\"prod\"", "\"receivedAt\":\"2026-11-23T10:00:00Z\"",
                "\"outcome\":\"REFUSED\"", "\"decidedBy\":\"GATEWAY\"", "\"decidedAt\":\"2026-11-23T10:00:00Z\"",
                "\"verdictMessage\":\"principal not allowed for this key\"", "\"error\":\"principal_not_allowed\"", "\"keyId\":\"key-7\"");
    }

    @Test
    void theSameRecordAlwaysMakesTheSameWrites() {
        AuditRecord r = record(AuditEventType.CLASSIFIED, 3, null);
        assertThat(AuditDocuments.of(r, Origin.kafka("countersign.audit", 0, 1))).isEqualTo(AuditDocuments.of(r, Origin.kafka("countersign.audit", 0, 1)));
    }
}
