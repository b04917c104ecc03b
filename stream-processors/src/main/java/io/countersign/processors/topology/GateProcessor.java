package io.countersign.processors.topology;

import io.countersign.contracts.canonical.IntentHash;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.domain.audit.AuditEvents;
import io.countersign.processors.domain.classification.Classifier;
import io.countersign.processors.domain.gate.Gate;
import io.countersign.processors.domain.gate.GateDecision;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.Verdict;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gate's Kafka Streams adapter: reads an intent, recognises one decided before, and writes what
 * {@link Gate#decide} returns — ALLOW and DENY as a verdict at once, REVIEW as an approval request.
 *
 * <p>Reads {@code countersign.intents}; looks labels up in the global stores of
 * {@code countersign.labels.declared} and {@code countersign.labels.inherited}. Forwards {@link Verdict}s
 * (key intentId) to {@code countersign.verdicts}, {@link ApprovalRequest}s (key requestId) to
 * {@code countersign.approval-requests}, and the intent's audit events, as one batch (key intentId), to
 * {@code countersign.audit.unchained}. An intent id seen before with the same content is not decided
 * again; with other content it is a dead letter.
 *
 * <p>The first-wins gate ({@link #firstWinsSupplier}, {@code stream-processors.gate: first-wins}) writes the batch alone,
 * marked {@code delivers}, runs at least once and keeps no store: the batch holds the verdict or the request, and the
 * audit chain lets the first batch of an intent win ({@link FirstDecisions}).
 */
final class GateProcessor implements Processor<String, ActionIntent, String, SpecificRecord> {

    static final String NAME = "classify-and-decide";
    static final NamedSink<Verdict> VERDICTS = new NamedSink<>("gate-verdicts-sink", Topics.VERDICTS);
    static final NamedSink<ApprovalRequest> REQUESTS = new NamedSink<>("approval-requests-sink", Topics.APPROVAL_REQUESTS);
    static final NamedSink<AuditRecordBatch> AUDIT = new NamedSink<>("gate-audit-sink", Topics.AUDIT_UNCHAINED);
    static final String DECLARED_STORE = "labels-declared";
    static final String INHERITED_STORE = "labels-inherited";
    /** Intent ids already decided, with when and the intent hash: a re-sent intent is decided once. */
    static final String SEEN_STORE = "gate-seen-intents";

    private static final Logger LOG = LoggerFactory.getLogger(GateProcessor.class);

    private final Supplier<Policy> policy;
    private final List<String> unknownLabels;
    private final ChannelKeys channelKeys;
    private final Clock clock;
    private final boolean firstWins;
    private ProcessorContext<String, SpecificRecord> context;
    private Classifier classifier;
    /** The exactly-once gate's store of decided intents; the first-wins gate keeps none (the chain dedupes). */
    private SeenIntents seen;

    private GateProcessor(Supplier<Policy> policy, List<String> unknownLabels, ChannelKeys channelKeys, Clock clock, boolean firstWins) {
        this.policy = policy;
        this.unknownLabels = unknownLabels;
        this.channelKeys = channelKeys;
        this.clock = clock;
        this.firstWins = firstWins;
    }

    /** Makes a gate per task, with the store of seen intent ids it owns; {@code channelKeys} check intents' delegation proofs. */
    static ProcessorSupplier<String, ActionIntent, String, SpecificRecord> supplier(Supplier<Policy> policy, List<String> unknownLabels,
                                                                                 ChannelKeys channelKeys, Clock clock) {
        return new StoreOwningSupplier<>(() -> new GateProcessor(policy, unknownLabels, channelKeys, clock, false),
                Set.of(SeenIntents.storeBuilder(SEEN_STORE)));
    }

    /** Makes a first-wins gate per task: it owns no store and forwards only the audit batch. */
    static ProcessorSupplier<String, ActionIntent, String, SpecificRecord> firstWinsSupplier(Supplier<Policy> policy, List<String> unknownLabels,
                                                                                          ChannelKeys channelKeys, Clock clock) {
        return () -> new GateProcessor(policy, unknownLabels, channelKeys, clock, true);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        TimestampedKeyValueStore<String, DatasetLabels> declared = context.getStateStore(DECLARED_STORE);
        TimestampedKeyValueStore<String, DatasetLabels> inherited = context.getStateStore(INHERITED_STORE);
        this.classifier = new Classifier(k -> ValueAndTimestamp.getValueOrNull(declared.get(k)),
                k -> ValueAndTimestamp.getValueOrNull(inherited.get(k)), unknownLabels);
        this.seen = firstWins ? null : new SeenIntents(context, SEEN_STORE, clock);
    }

    @Override
    public void process(Record<String, ActionIntent> record) {
        ActionIntent submitted = Gate.verifiedDelegation(Gate.validate(record.value()), channelKeys);
        String intentId = submitted.getIntentId();
        // The hash covers the intent as submitted (what the agent commits to execute); the facts policy
        // derives (external destination, environment) are a function of it and of the policy version.
        String hash = IntentHash.of(submitted);
        if (!firstWins && !seen.firstTime(intentId, hash)) {
            // A producer retry, or a client re-sending with its idempotency key: decided already.
            LOG.debug("Intent {} seen before; not decided again", intentId);
            return;
        }
        GateDecision decision = Gate.decide(new Gate.Input(submitted, hash, Instant.ofEpochMilli(record.timestamp()), clock.instant()),
                classifier, policy.get());
        if (!firstWins && decision instanceof GateDecision.Review review) {
            ApprovalRequest request = review.request();
            REQUESTS.forward(context, new Record<>(request.getRequestId(), request, record.timestamp(), record.headers()));
        } else if (!firstWins && decision instanceof GateDecision.Decided decided) {
            VERDICTS.forward(context, new Record<>(intentId, decided.verdict(), record.timestamp(), record.headers()));
        }
        // An intent's audit events travel to the chain as one record: one write and one read instead of three.
        AuditRecordBatch batch = firstWins ? AuditEvents.delivering(decision.audit()) : AuditEvents.batch(decision.audit());
        AUDIT.forward(context, new Record<>(intentId, batch, record.timestamp(), record.headers()));
    }
}
