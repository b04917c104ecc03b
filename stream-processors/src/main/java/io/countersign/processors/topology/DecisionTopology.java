package io.countersign.processors.topology;

import io.countersign.audit.AuditSigner;
import io.countersign.directory.Directory;
import io.countersign.processors.domain.approval.ApprovalStateMachine;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.PendingApproval;
import io.countersign.schema.Verdict;
import io.countersign.schemas.registry.ConfluentAvroSerde;
import io.countersign.schemas.registry.SchemaRegistryClient;
import io.countersign.schemas.signing.ChannelKeys;
import io.countersign.schemas.topics.Topic;
import io.countersign.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The decision pipeline as a function of a {@link StreamsBuilder}: gate (classify, evaluate policy,
 * route), approvals state machine, execution check, and the hash-chained audit. Every processor, branch,
 * source and sink is named, so the topology description and metrics read as the architecture does.
 *
 * <p>Reads intents, declared and inherited labels, approval requests and decisions, verdicts and
 * executions; writes verdicts, approval requests, unchained audit events, audit records and audit
 * checkpoints. Gate, approvals, execution check and audit chain are four sub-topologies that meet only
 * through topics: the gate's tasks read intents alone, so no task waits on its own output.
 */
public final class DecisionTopology {

    /** What the topology needs from outside; {@code channelKeys} are the keys approval decisions must be signed with. */
    public record Deps(SchemaRegistryClient registry, Supplier<Policy> policy, Directory directory, ChannelKeys channelKeys,
                       AuditSigner signer, Clock clock, Settings settings) {
    }

    /** Tunables, with the defaults {@link Settings#DEFAULTS}. */
    public record Settings(List<String> unknownDatasetLabels, Duration expirySweep, Duration retainDecided,
                           Duration checkpointInterval) {
        public static final Settings DEFAULTS = new Settings(List.of("UNCLASSIFIED"), Duration.ofSeconds(1),
                Duration.ofDays(7), Duration.ofSeconds(10));
    }

    private DecisionTopology() {
    }

    public static void build(StreamsBuilder builder, Deps deps) {
        SchemaRegistryClient registry = deps.registry();
        globalLabels(builder, Topics.LABELS_DECLARED, GateProcessor.DECLARED_STORE, registry);
        globalLabels(builder, Topics.LABELS_INHERITED, GateProcessor.INHERITED_STORE, registry);

        // Gate: classify, evaluate policy, route.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GateProcessor.SEEN_STORE),
                Serdes.String(), Serdes.String()));
        Map<String, KStream<String, SpecificRecord>> gate = builder
                .stream(Topics.INTENTS.name(), consumed(Topics.INTENTS, registry, "intents-source"))
                .process(() -> new GateProcessor(deps.policy(), deps.settings().unknownDatasetLabels(), deps.clock()),
                        Named.as("classify-and-decide"), GateProcessor.SEEN_STORE)
                .split(Named.as("gate-"))
                .branch((k, v) -> v instanceof Verdict, Branched.as("verdict"))
                .branch((k, v) -> v instanceof ApprovalRequest, Branched.as("review"))
                .defaultBranch(Branched.as("audit"));
        toVerdicts(gate.get("gate-verdict"), registry, "gate");
        gate.get("gate-review").mapValues(v -> (ApprovalRequest) v, Named.as("gate-review-requests"))
                .to(Topics.APPROVAL_REQUESTS.name(), produced(Topics.APPROVAL_REQUESTS, registry, "approval-requests-sink"));

        // Approvals: requests and decisions meet per request id.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ApprovalProcessor.PENDING_STORE),
                Serdes.String(), new ConfluentAvroSerde<>(registry, PendingApproval.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ApprovalProcessor.EXPIRY_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ApprovalProcessor.EARLY_STORE),
                Serdes.String(), new ConfluentAvroSerde<>(registry, ApprovalDecision.class)));
        KStream<String, SpecificRecord> requests = builder
                .stream(Topics.APPROVAL_REQUESTS.name(), consumed(Topics.APPROVAL_REQUESTS, registry, "approval-requests-source"))
                .mapValues(v -> (SpecificRecord) v, Named.as("approval-requests-as-input"));
        KStream<String, SpecificRecord> decisions = builder
                .stream(Topics.APPROVAL_DECISIONS.name(), consumed(Topics.APPROVAL_DECISIONS, registry, "approval-decisions-source"))
                .mapValues(v -> (SpecificRecord) v, Named.as("approval-decisions-as-input"));
        Map<String, KStream<String, SpecificRecord>> approvals = requests.merge(decisions, Named.as("approval-inputs"))
                .process(() -> new ApprovalProcessor(new ApprovalStateMachine(deps.directory(), deps.channelKeys(), deps.clock()), deps.clock(),
                                deps.settings().expirySweep(), deps.settings().retainDecided()),
                        Named.as("approvals"), ApprovalProcessor.PENDING_STORE, ApprovalProcessor.EXPIRY_STORE,
                        ApprovalProcessor.EARLY_STORE)
                .split(Named.as("approvals-"))
                .branch((k, v) -> v instanceof Verdict, Branched.as("verdict"))
                .defaultBranch(Branched.as("audit"));
        toVerdicts(approvals.get("approvals-verdict"), registry, "approvals");

        // Execution check against the verdicts given.
        builder.table(Topics.VERDICTS.name(), consumed(Topics.VERDICTS, registry, "verdicts-source"),
                Materialized.<String, Verdict, KeyValueStore<Bytes, byte[]>>as(ExecutionCheckProcessor.VERDICT_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Topics.VERDICTS.valueSerde(registry)));
        KStream<String, AuditRecord> executionAudit = builder
                .stream(Topics.EXECUTIONS.name(), consumed(Topics.EXECUTIONS, registry, "executions-source"))
                .process(() -> new ExecutionCheckProcessor(deps.clock()), Named.as("execution-check"),
                        ExecutionCheckProcessor.VERDICT_STORE);

        // Audit: every lifecycle event, chained per audit partition. Each part writes its events to the
        // unchained topic on its own (no merge), so gate, approvals and execution check stay separate
        // sub-topologies and the gate's tasks read nothing but intents.
        toUnchained(gate.get("gate-audit").mapValues(v -> (AuditRecordBatch) v, Named.as("gate-audit-events")), registry, "gate");
        toUnchained(approvals.get("approvals-audit").mapValues(v -> AuditEvents.batch(List.of((AuditRecord) v)),
                Named.as("approvals-audit-events")), registry, "approvals");
        toUnchained(executionAudit.mapValues(v -> AuditEvents.batch(List.of(v)), Named.as("execution-check-audit-events")),
                registry, "execution-check");
        buildAuditChain(builder, deps);
    }

    private static void buildAuditChain(StreamsBuilder builder, Deps deps) {
        SchemaRegistryClient registry = deps.registry();
        // Cached: a chain head changes with every record, and only the last one of each commit needs to
        // reach the changelog (the cache is flushed into the same transaction as the records).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AuditChainProcessor.HEAD_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled());
        Map<String, KStream<String, SpecificRecord>> chained = builder
                .stream(Topics.AUDIT_UNCHAINED.name(), consumed(Topics.AUDIT_UNCHAINED, registry, "audit-unchained-source"))
                .process(() -> new AuditChainProcessor(deps.signer(), deps.settings().checkpointInterval(), deps.clock()),
                        Named.as("audit-chain"), AuditChainProcessor.HEAD_STORE)
                .split(Named.as("audit-chain-"))
                .branch((k, v) -> v instanceof AuditRecord, Branched.as("record"))
                .defaultBranch(Branched.as("checkpoint"));
        chained.get("audit-chain-record").mapValues(v -> (AuditRecord) v, Named.as("audit-records"))
                .to(Topics.AUDIT.name(), Produced.with(Serdes.String(), Topics.AUDIT.valueSerde(registry))
                        // Chain p is written to partition p, whatever the key hashes to.
                        .withStreamPartitioner((topic, key, value, n) -> Optional.of(Set.of(value.getChainPartition())))
                        .withName("audit-sink"));
        chained.get("audit-chain-checkpoint").mapValues(v -> (AuditCheckpoint) v, Named.as("audit-checkpoints"))
                .to(Topics.AUDIT_CHECKPOINTS.name(), produced(Topics.AUDIT_CHECKPOINTS, registry, "audit-checkpoints-sink"));
    }

    private static void globalLabels(StreamsBuilder builder, Topic<String, io.countersign.schema.DatasetLabels> topic,
                                     String store, SchemaRegistryClient registry) {
        builder.globalTable(topic.name(), consumed(topic, registry, store + "-source"),
                Materialized.<String, io.countersign.schema.DatasetLabels, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String()).withValueSerde(topic.valueSerde(registry)));
    }

    private static void toVerdicts(KStream<String, SpecificRecord> stream, SchemaRegistryClient registry, String from) {
        stream.mapValues(v -> (Verdict) v, Named.as(from + "-verdicts"))
                .to(Topics.VERDICTS.name(), produced(Topics.VERDICTS, registry, from + "-verdicts-sink"));
    }

    private static void toUnchained(KStream<String, AuditRecordBatch> events, SchemaRegistryClient registry, String from) {
        events.to(Topics.AUDIT_UNCHAINED.name(), produced(Topics.AUDIT_UNCHAINED, registry, from + "-audit-sink"));
    }

    private static <V extends SpecificRecord> Consumed<String, V> consumed(Topic<String, V> topic, SchemaRegistryClient registry, String name) {
        return Consumed.with(topic.keySerde(), topic.valueSerde(registry)).withName(name);
    }

    private static <V extends SpecificRecord> Produced<String, V> produced(Topic<String, V> topic, SchemaRegistryClient registry, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde(registry)).withName(name);
    }
}
