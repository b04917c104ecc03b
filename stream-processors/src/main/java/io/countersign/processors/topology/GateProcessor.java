package io.countersign.processors.topology;

import io.countersign.masking.Masker;
import io.countersign.processors.domain.classification.Classifier;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyDecision;
import io.countersign.processors.domain.policy.ReviewRequirement;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.Effect;
import io.countersign.schema.IntentClassification;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import io.countersign.schemas.canonical.IntentHash;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gate: classifies each intent's targets against declared and inherited labels, evaluates policy,
 * and routes it — ALLOW and DENY become a verdict at once, REVIEW becomes an approval request.
 *
 * <p>Reads {@code countersign.intents}; looks labels up in the global stores of
 * {@code countersign.labels.declared} and {@code countersign.labels.inherited}. Forwards
 * {@link Verdict}s (key intentId), {@link ApprovalRequest}s (key requestId) and audit events
 * (key intentId), which the topology splits by type. An intent id seen before with the same content
 * is not decided again; with other content it is a dead letter. Classification, policy, approvers and
 * the audit see the intent with the facts the policy derives ({@link Policy#withDerivedFacts}), never
 * the agent's claim that a destination is internal.
 */
final class GateProcessor implements Processor<String, ActionIntent, String, SpecificRecord> {

    static final String DECLARED_STORE = "labels-declared";
    static final String INHERITED_STORE = "labels-inherited";
    /** Intent ids already decided, with when and the intent hash: a re-sent intent is decided once. */
    static final String SEEN_STORE = "gate-seen-intents";
    /** How long an intent id is remembered; retries come within minutes, so a week is ample. */
    static final Duration SEEN_RETENTION = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(GateProcessor.class);

    private final Supplier<Policy> policy;
    private final List<String> unknownLabels;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private Classifier classifier;
    private KeyValueStore<String, String> seen;

    GateProcessor(Supplier<Policy> policy, List<String> unknownLabels, Clock clock) {
        this.policy = policy;
        this.unknownLabels = unknownLabels;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        TimestampedKeyValueStore<String, DatasetLabels> declared = context.getStateStore(DECLARED_STORE);
        TimestampedKeyValueStore<String, DatasetLabels> inherited = context.getStateStore(INHERITED_STORE);
        this.classifier = new Classifier(k -> value(declared.get(k)), k -> value(inherited.get(k)), unknownLabels);
        this.seen = context.getStateStore(SEEN_STORE);
        context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, now -> forgetOlderThan(now - SEEN_RETENTION.toMillis()));
    }

    private void forgetOlderThan(long cutoff) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, String> it = seen.all()) {
            it.forEachRemaining(kv -> {
                if (Long.parseLong(kv.value.substring(0, kv.value.indexOf(':'))) < cutoff) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(seen::delete);
    }

    private static DatasetLabels value(ValueAndTimestamp<DatasetLabels> v) {
        return v == null ? null : v.value();
    }

    @Override
    public void process(Record<String, ActionIntent> record) {
        ActionIntent submitted = validate(record.value());
        Instant received = Instant.ofEpochMilli(record.timestamp());
        String intentId = submitted.getIntentId();
        // The hash covers the intent as submitted (what the agent commits to execute); the facts policy
        // derives (external destination, environment) are a function of it and of the policy version.
        String hash = IntentHash.of(submitted);
        String before = seen.get(intentId);
        if (before != null) {
            // A producer retry, or a client re-sending with its idempotency key: decided already.
            if (!before.endsWith(":" + hash)) {
                throw new IllegalArgumentException("intent id " + intentId + " was already used for a different intent;"
                        + " an id (or idempotency key) must name one intent");
            }
            LOG.debug("Intent {} seen before; not decided again", intentId);
            return;
        }
        seen.put(intentId, clock.millis() + ":" + hash);
        Policy current = policy.get();
        ActionIntent intent = current.withDerivedFacts(submitted);
        Classifier.Classification classification = classifier.classify(intent);
        PolicyDecision decision = classification.overrule(current.evaluate(intent, classification.policyLabels(intent.getTargets())));
        ReviewRequirement review = decision.review();
        Masker masker = new Masker(review == null ? List.of() : new ArrayList<>(review.mask()));
        // Masked before the first write: nothing below carries the agent's raw text.
        IntentSummary summary = MaskedIntent.summary(intent, masker);
        List<DatasetClassification> datasets = MaskedIntent.datasets(classification.datasets());
        List<String> riskReasons = MaskedIntent.reasons(classification.riskReasons());

        List<AuditRecord> events = new ArrayList<>(3);
        events.add(audit(intentId, AuditEventType.RECEIVED, intent.getAgent().getId(), null, summary));
        events.add(audit(intentId, AuditEventType.CLASSIFIED, "countersign", decision.effect().name(),
                IntentClassification.newBuilder().setIntentId(intentId).setDatasets(datasets)
                        .setRiskScore(classification.riskScore()).setRiskReasons(riskReasons)
                        .setEffect(decision.effect()).setMatchedRules(decision.matched())
                        .setPolicyVersion(decision.policyVersion()).build()));

        if (decision.effect() == Effect.REVIEW) {
            Instant now = clock.instant();
            ApprovalRequest request = ApprovalRequest.newBuilder()
                    .setRequestId(requestId(intentId)).setIntentId(intentId).setIntentHash(hash)
                    .setIntent(summary).setClassification(datasets)
                    .setRiskScore(classification.riskScore()).setRiskReasons(riskReasons)
                    .setMatchedRules(decision.matched()).setEligibleGroups(review.approverGroups())
                    .setQuorum(review.quorum()).setRequireReasonOnApprove(review.requireReason())
                    .setRoute(review.route()).setPolicyVersion(decision.policyVersion())
                    .setCreatedAt(received).setExpiresAt(now.plus(review.ttl()))
                    .build();
            context.forward(new Record<String, SpecificRecord>(request.getRequestId(), request, record.timestamp(), record.headers()));
            events.add(audit(intentId, AuditEventType.APPROVAL_REQUESTED, "countersign",
                    review.quorum() + " of " + review.approverGroups(), request));
            forwardAudit(record, intentId, events);
            return;
        }
        Instant now = clock.instant();
        Outcome outcome = decision.effect() == Effect.ALLOW ? Outcome.ALLOWED : Outcome.DENIED;
        Verdict verdict = Verdict.newBuilder()
                .setIntentId(intentId).setOutcome(outcome).setDecidedBy(DecidedBy.POLICY)
                .setMatchedRules(decision.matched()).setPolicyVersion(decision.policyVersion())
                .setIntentHash(hash)
                .setMessage(outcome == Outcome.ALLOWED ? "Allowed by policy" : "Denied by policy"
                        + (decision.matched().isEmpty() ? "" : " rule " + decision.matched().get(0).getId()))
                .setReceivedAt(received).setDecidedAt(now)
                .setLatencyMs(Math.max(0, now.toEpochMilli() - received.toEpochMilli()))
                .build();
        context.forward(new Record<String, SpecificRecord>(intentId, verdict, record.timestamp(), record.headers()));
        events.add(audit(intentId, AuditEventType.VERDICT, "countersign", outcome + " by POLICY", verdict));
        forwardAudit(record, intentId, events);
    }

    /** Approval request ids are derived from intent ids, so reprocessing after a crash makes the same request. */
    static String requestId(String intentId) {
        return "ar-" + intentId;
    }

    private AuditRecord audit(String intentId, AuditEventType type, String actor, String note, Object event) {
        return AuditEvents.event(intentId, type, clock.instant(), actor, note, event);
    }

    /** An intent's audit events travel to the chain as one record: one write and one read instead of three. */
    private void forwardAudit(Record<String, ActionIntent> cause, String intentId, List<AuditRecord> events) {
        context.forward(new Record<String, SpecificRecord>(intentId, AuditEvents.batch(events), cause.timestamp(), cause.headers()));
    }

    private static ActionIntent validate(ActionIntent intent) {
        if (intent == null) {
            throw new IllegalArgumentException("intent value is null (tombstones are not intents)");
        }
        requireText(intent.getIntentId(), "intentId");
        requireText(intent.getAction(), "action");
        requireText(intent.getPrincipal(), "principal");
        requireText(intent.getAgent().getId(), "agent.id");
        return intent;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("intent field '" + field + "' is empty");
        }
    }
}
