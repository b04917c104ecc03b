package io.countersign.processors.topology;

import io.countersign.approvals.domain.Directory;
import io.countersign.audit.AuditSigner;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.domain.approval.ApprovalStateMachine;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.ExecutionReport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The decision pipeline as a {@link Topology}: gate (classify, evaluate policy, route), approvals state
 * machine, execution check, the hash-chained audit, and the audit of intents the gateway refused. Every source, processor and sink is named; each
 * processor's supplier declares the stores it owns, and each processor forwards each kind of output to
 * a named sink of that type ({@link NamedSink}).
 *
 * <p>Reads intents, declared and inherited labels, approval requests and decisions, verdicts,
 * executions and the gateway's refused intents; writes verdicts, approval requests, unchained audit events, audit records and audit
 * checkpoints. Gate, approvals, execution check, audit chain and gateway refusals are five sub-topologies that meet only
 * through topics: the gate's tasks read intents alone, so no task waits on its own output.
 *
 * <p>Names are state: the stores (and so their changelog topics) are named here, and nodes are added in a
 * fixed order (label tables, gate, approvals, execution check, audit chain, gateway refusals), which numbers the
 * sub-topologies and so the task ids and their state directories. Keep both when changing this class.
 */
public final class DecisionTopology {

    /**
     * What the topology needs from outside; {@code channelKeys} are the keys approval decisions must be signed with (and the
     * gateway's delegation proofs, with the api channel's).
     */
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

    /**
     * The first-wins pipeline ({@code stream-processors.gate: first-wins}): a gate that runs at least once and writes each
     * decision as its audit batch alone, and the rest of the pipeline, exactly-once, in which the audit chain lets each
     * intent's first decision through ({@link FirstDecisions}). Two Kafka Streams applications.
     */
    public record FirstWins(Topology gate, Topology rest) {
    }

    /**
     * How long, behind the first-wins gate, an execution report waits for its verdict: the agent may have acted on the
     * gate's decision before the audit chain wrote it; one exactly-once commit of the chain is ample, a minute generous.
     */
    static final Duration FIRST_WINS_VERDICT_WAIT = Duration.ofMinutes(1);

    public static Topology build(Deps deps) {
        Topology topology = labelTables(deps.registry());
        // Gate: classify, evaluate policy, route.
        addGate(topology, deps, GateProcessor.supplier(deps.policy(), deps.settings().unknownDatasetLabels(), deps.channelKeys(), deps.clock()),
                List.of(GateProcessor.VERDICTS, GateProcessor.REQUESTS, GateProcessor.AUDIT));
        addApprovalsAndExecutionCheck(topology, deps, ExecutionCheckProcessor.supplier(deps.clock(), Duration.ZERO,
                Topics.EXECUTIONS.valueSerde(deps.registry())));
        addChain(topology, deps);
        addGatewayRefusals(topology, deps.registry());
        return topology;
    }

    /** The first-wins pipeline: see {@link FirstWins}. */
    public static FirstWins firstWins(Deps deps) {
        Topology gate = labelTables(deps.registry());
        addGate(gate, deps, GateProcessor.firstWinsSupplier(deps.policy(), deps.settings().unknownDatasetLabels(), deps.channelKeys(),
                deps.clock()), List.of(GateProcessor.AUDIT));
        Topology rest = new Topology();
        addApprovalsAndExecutionCheck(rest, deps, ExecutionCheckProcessor.supplier(deps.clock(), FIRST_WINS_VERDICT_WAIT,
                Topics.EXECUTIONS.valueSerde(deps.registry())));
        addChain(rest, deps);
        addGatewayRefusals(rest, deps.registry());
        return new FirstWins(gate, rest);
    }

    private static Topology labelTables(SchemaRegistryClient registry) {
        // The label tables are global KTables of the DSL: unlike a Processor API global store, which replays
        // every record through its processor on restore, a global KTable restores by copying the topic's
        // bytes, so an instance starts without the registry and without decoding every label.
        StreamsBuilder labels = new StreamsBuilder();
        globalLabels(labels, Topics.LABELS_DECLARED, GateProcessor.DECLARED_STORE, registry);
        globalLabels(labels, Topics.LABELS_INHERITED, GateProcessor.INHERITED_STORE, registry);
        return labels.build();
    }

    private static void addGate(Topology topology, Deps deps, ProcessorSupplier<String, ActionIntent, String, SpecificRecord> gate,
                                List<NamedSink<?>> sinks) {
        source(topology, "intents-source", Topics.INTENTS, deps.registry());
        topology.addProcessor(GateProcessor.NAME, gate, "intents-source");
        for (NamedSink<?> sink : sinks) {
            sink.addTo(topology, deps.registry(), GateProcessor.NAME);
        }
    }

    private static void addApprovalsAndExecutionCheck(Topology topology, Deps deps,
                                                      ProcessorSupplier<String, ExecutionReport, String, AuditRecordBatch> executionCheck) {
        SchemaRegistryClient registry = deps.registry();
        // Approvals: requests and decisions meet per request id.
        source(topology, "approval-requests-source", Topics.APPROVAL_REQUESTS, registry);
        source(topology, "approval-decisions-source", Topics.APPROVAL_DECISIONS, registry);
        topology.addProcessor(ApprovalProcessor.NAME, ApprovalProcessor.supplier(
                new ApprovalStateMachine(deps.directory(), deps.channelKeys(), deps.clock()), deps.clock(),
                deps.settings().expirySweep(), deps.settings().retainDecided(), registry),
                "approval-requests-source", "approval-decisions-source");
        ApprovalProcessor.VERDICTS.addTo(topology, registry, ApprovalProcessor.NAME);
        ApprovalProcessor.AUDIT.addTo(topology, registry, ApprovalProcessor.NAME);

        // Execution check against the verdicts given; the verdict table restores from the compacted
        // verdicts topic itself instead of a changelog copy: one write fewer per verdict.
        topology.addReadOnlyStateStore(Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(ExecutionCheckProcessor.VERDICT_STORE), Serdes.String(),
                        Topics.VERDICTS.valueSerde(registry)).withCachingEnabled(),
                "verdicts-source", Topics.VERDICTS.keySerde().deserializer(), Topics.VERDICTS.valueSerde(registry).deserializer(),
                Topics.VERDICTS.name(), "verdicts-table", () -> new TableUpdater<>(ExecutionCheckProcessor.VERDICT_STORE));
        source(topology, "executions-source", Topics.EXECUTIONS, registry);
        topology.addProcessor(ExecutionCheckProcessor.NAME, executionCheck, "executions-source");
        topology.connectProcessorAndStateStores(ExecutionCheckProcessor.NAME, ExecutionCheckProcessor.VERDICT_STORE);
        ExecutionCheckProcessor.AUDIT.addTo(topology, registry, ExecutionCheckProcessor.NAME);
    }

    private static void addChain(Topology topology, Deps deps) {
        // Audit: every lifecycle event, chained per audit partition. Each part above writes its events to
        // the unchained topic on its own (no merge), so gate, approvals and execution check stay separate
        // sub-topologies and the gate's tasks read nothing but intents.
        SchemaRegistryClient registry = deps.registry();
        source(topology, "audit-unchained-source", Topics.AUDIT_UNCHAINED, registry);
        topology.addProcessor(AuditChainProcessor.NAME, AuditChainProcessor.supplier(deps.signer(), deps.settings().checkpointInterval(),
                deps.clock()), "audit-unchained-source");
        topology.addSink(AuditChainProcessor.RECORDS.name(), Topics.AUDIT.name(), Topics.AUDIT.keySerde().serializer(),
                Topics.AUDIT.valueSerde(registry).serializer(),
                (topic, key, value, n) -> Optional.of(Set.of(value.getChainPartition())), AuditChainProcessor.NAME);
        AuditChainProcessor.CHECKPOINTS.addTo(topology, registry, AuditChainProcessor.NAME);
        FirstDecisions.VERDICTS.addTo(topology, registry, AuditChainProcessor.NAME);
        FirstDecisions.REQUESTS.addTo(topology, registry, AuditChainProcessor.NAME);
    }

    private static void addGatewayRefusals(Topology topology, SchemaRegistryClient registry) {
        // Refusals at the ingest gateway: each becomes an unchained audit event. Added after the audit chain,
        // so the sub-topologies above keep their numbers (task ids, state directories) from before it existed.
        source(topology, "intents-refused-source", Topics.INTENTS_REFUSED, registry);
        topology.addProcessor(GatewayRefusalProcessor.NAME, GatewayRefusalProcessor::new, "intents-refused-source");
        GatewayRefusalProcessor.AUDIT.addTo(topology, registry, GatewayRefusalProcessor.NAME);
    }

    private static void globalLabels(StreamsBuilder builder, Topic<String, DatasetLabels> topic, String store,
                                     SchemaRegistryClient registry) {
        builder.globalTable(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde(registry)).withName(store + "-source"),
                Materialized.<String, DatasetLabels, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String()).withValueSerde(topic.valueSerde(registry)));
    }

    private static <V extends SpecificRecord> void source(Topology topology, String name, Topic<String, V> topic,
                                                           SchemaRegistryClient registry) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde(registry).deserializer(), topic.name());
    }
}
