package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogRecord;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Effect;
import io.countersign.schema.IntentClassification;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Named fixture builder for the audit records an evidence report reads, as the pipeline writes them (the
 * event each type carries, the note it writes) and as the log reader hands them over: generic records decoded
 * with the writer schema, timestamps as longs. Sequences count up per builder use, as one chain's would.
 */
final class AuditRecordBuilder {

    private static long nextSequence;

    private final AuditRecord.Builder record;

    private AuditRecordBuilder(AuditEventType type, String intentId, Instant at) {
        record = AuditRecord.newBuilder().setIntentId(intentId).setEventType(type).setOccurredAt(at).setActor("countersign")
                .setNote(null).setEvent(null).setChainPartition(0).setPrevHash("0".repeat(64)).setHash("a".repeat(64));
    }

    static AuditRecordBuilder anAuditRecord(AuditEventType type, String intentId, Instant at) {
        return new AuditRecordBuilder(type, intentId, at);
    }

    /** The policy decided on the intent under {@code policyVersion}. */
    static AuditRecordBuilder classified(String intentId, Instant at, String policyVersion) {
        return anAuditRecord(AuditEventType.CLASSIFIED, intentId, at).event(IntentClassification.newBuilder().setIntentId(intentId)
                .setDatasets(List.of()).setEffect(Effect.REVIEW).setPolicyVersion(policyVersion).build());
    }

    /** The intent (an action by agent:exporter for alice) was sent to people under {@code rule}. */
    static AuditRecordBuilder requested(String intentId, Instant at, String action, String rule) {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId(intentId).setOccurredAt(at)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction(action).setTargets(List.of("pg://crm/customers")).build();
        return anAuditRecord(AuditEventType.APPROVAL_REQUESTED, intentId, at).event(ApprovalRequest.newBuilder().setRequestId("ar-" + intentId)
                .setIntentId(intentId).setIntentHash("b".repeat(64)).setIntent(intent).setClassification(List.of())
                .setMatchedRules(List.of(MatchedRule.newBuilder().setId(rule).setEffect(Effect.REVIEW).build()))
                .setEligibleGroups(List.of("data-stewards")).setPolicyVersion("policy-v1").setCreatedAt(at).setExpiresAt(at.plusSeconds(3600))
                .build());
    }

    /** The pipeline accepted {@code approver}'s decision, made through Slack, with its note as the pipeline writes it. */
    static AuditRecordBuilder accepted(String intentId, Instant at, String approver, DecisionKind kind, String reason) {
        return anAuditRecord(AuditEventType.DECISION_ACCEPTED, intentId, at).actor(approver)
                .note(kind + " via slack, signed by key slack-k1").event(decision(intentId, at, approver, kind, reason, "slack")
                        .setSigningKeyId("slack-k1").setAuthentication(authenticatedBy(AuthenticationMethod.SLACK_SIGNED_REQUEST).build()).build());
    }

    /** The pipeline accepted {@code approver}'s approval after a step-up sign-in at the identity provider. */
    static AuditRecordBuilder approvedAfterStepUp(String intentId, Instant at, String approver, String reason) {
        return anAuditRecord(AuditEventType.DECISION_ACCEPTED, intentId, at).actor(approver)
                .note("APPROVE via api, signed by key api-k1").event(decision(intentId, at, approver, DecisionKind.APPROVE, reason, "api")
                        .setSigningKeyId("api-k1").setAuthentication(authenticatedBy(AuthenticationMethod.OIDC_STEP_UP)
                                .setIssuer("https://idp.example.com").setAmr(List.of("pwd", "otp")).build()).build());
    }

    /** The pipeline refused {@code approver}'s approval: {@code refusal} is its DecisionStep.Reason. */
    static AuditRecordBuilder refused(String intentId, Instant at, String approver, String refusal, String detail) {
        return anAuditRecord(AuditEventType.DECISION_REJECTED, intentId, at).actor(approver).note(refusal + ": " + detail)
                .event(decision(intentId, at, approver, DecisionKind.APPROVE, null, "api").build());
    }

    static AuditRecordBuilder verdict(String intentId, Instant at, Outcome outcome, DecidedBy by, String message) {
        return anAuditRecord(AuditEventType.VERDICT, intentId, at).note(outcome + " by " + by).event(Verdict.newBuilder().setIntentId(intentId)
                .setOutcome(outcome).setDecidedBy(by).setPolicyVersion("policy-v1").setIntentHash("b".repeat(64)).setMessage(message)
                .setReceivedAt(at).setDecidedAt(at).build());
    }

    /** The gateway refused the intent: its key may not act for {@code principal}. */
    static AuditRecordBuilder refusedAtGateway(String intentId, Instant at, String agent, String principal, String reason) {
        return anAuditRecord(AuditEventType.REFUSED_AT_GATEWAY, intentId, at).actor(agent).note("principal_not_allowed: " + reason)
                .event(IntentRefusal.newBuilder().setIntentId(intentId).setRefusedAt(at)
                        .setAgent(AgentRef.newBuilder().setId(agent).setOwner("user:olga@example.com").build()).setKeyId("key-1a2b3c")
                        .setPrincipal(principal).setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod")
                        .setError("principal_not_allowed").setReason(reason).build());
    }

    static AuditRecordBuilder violation(String intentId, Instant at, String note) {
        return anAuditRecord(AuditEventType.VIOLATION, intentId, at).note(note);
    }

    AuditRecordBuilder actor(String actor) {
        record.setActor(actor);
        return this;
    }

    AuditRecordBuilder note(String note) {
        record.setNote(note);
        return this;
    }

    AuditRecordBuilder event(Object event) {
        record.setEvent(event);
        return this;
    }

    /** The record as the audit log reader decodes it. */
    AuditLogRecord build() {
        long sequence = nextSequence++;
        AuditRecord r = record.setSequence(sequence).build();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<AuditRecord>(AuditRecord.getClassSchema()).write(r, encoder);
            encoder.flush();
            GenericRecord generic = new GenericDatumReader<GenericRecord>(AuditRecord.getClassSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            return new AuditLogRecord(sequence, generic, AuditRecord.getClassSchema(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApprovalDecision.Builder decision(String intentId, Instant at, String approver, DecisionKind kind, String reason,
                                                     String channel) {
        return ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString()).setRequestId("ar-" + intentId).setIntentId(intentId)
                .setIntentHash("b".repeat(64)).setApprover(approver).setDecision(kind).setReason(reason).setChannel(channel).setDecidedAt(at);
    }

    private static ApproverAuthentication.Builder authenticatedBy(AuthenticationMethod method) {
        return ApproverAuthentication.newBuilder().setMethod(method);
    }
}
