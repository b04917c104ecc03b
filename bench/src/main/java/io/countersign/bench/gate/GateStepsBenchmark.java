package io.countersign.bench.gate;

import io.countersign.audit.AuditHasher;
import io.countersign.contracts.canonical.IntentHash;
import io.countersign.contracts.registry.InMemorySchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.domain.audit.AuditEvents;
import io.countersign.processors.domain.classification.Classifier;
import io.countersign.processors.domain.gate.Gate;
import io.countersign.processors.domain.gate.GateDecision;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.Verdict;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CPU the gate spends per allowed intent, step by step, on the intent {@code bench/run gate} sends and
 * its policy: what the stream thread does besides Kafka Streams' own bookkeeping and the clients.
 *
 * <p>{@code gateTask} is the gate's task per intent (decode, validate, hash, decide, encode the verdict and
 * the audit batch); {@code chainTask} the audit chain's (decode the batch, link and hash its three events,
 * encode them). {@code chainTaskCopying} is the chain as it was before: a deep copy of each event to link
 * it, a second deep copy to hash it, and Avro's direct encoder into a fresh stream per record
 * ({@link AvroDefaultEncoding}). {@code passthroughCopy} is all a passthrough does to a record on the CPU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GateStepsBenchmark {

    private Deserializer<ActionIntent> intents;
    private Serializer<Verdict> verdicts;
    private Serializer<AuditRecordBatch> batches;
    private Deserializer<AuditRecordBatch> batchReader;
    private Serializer<AuditRecord> records;
    private AvroDefaultEncoding<AuditRecord> recordsBefore;
    private Classifier classifier;
    private Policy policy;
    private byte[] intentBytes;
    private byte[] batchBytes;
    private ActionIntent intent;
    private String hash;
    private Instant now;
    private long sequence;

    @Setup
    public void setUp() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        intents = Topics.INTENTS.valueSerde(registry).deserializer();
        verdicts = Topics.VERDICTS.valueSerde(registry).serializer();
        batches = Topics.AUDIT_UNCHAINED.valueSerde(registry).serializer();
        batchReader = Topics.AUDIT_UNCHAINED.valueSerde(registry).deserializer();
        records = Topics.AUDIT.valueSerde(registry).serializer();
        recordsBefore = new AvroDefaultEncoding<>(AuditRecord.class, registry.register(Topics.AUDIT.valueSubject(), Topics.AUDIT.valueSchema()));
        classifier = new Classifier(k -> null, k -> null, List.of("UNCLASSIFIED"));
        policy = PolicyLoader.parse(GateLatencyBench.POLICY, "bench-policy.yaml");
        intent = GatePaths.intent("bench-steps-1");
        intentBytes = Topics.INTENTS.valueSerde(registry).serializer().serialize(Topics.INTENTS.name(), intent);
        hash = IntentHash.of(intent);
        now = Instant.now();
        GateDecision decision = decide(intent, hash);
        batchBytes = batches.serialize(Topics.AUDIT_UNCHAINED.name(), AuditEvents.batch(decision.audit()));
        if (!(decision instanceof GateDecision.Decided) || batchReader.deserialize("t", batchBytes).getEvents().size() != 3) {
            throw new IllegalStateException("the bench intent must be decided at once, with three audit events");
        }
    }

    private GateDecision decide(ActionIntent submitted, String intentHash) {
        return Gate.decide(new Gate.Input(submitted, intentHash, now, now), classifier, policy);
    }

    @Benchmark
    public ActionIntent decodeIntent() {
        return intents.deserialize(Topics.INTENTS.name(), intentBytes);
    }

    @Benchmark
    public String intentHash() {
        return IntentHash.of(intent);
    }

    @Benchmark
    public GateDecision decide() {
        return decide(intent, hash);
    }

    @Benchmark
    public void gateTask(Blackhole out) {
        ActionIntent submitted = Gate.validate(intents.deserialize(Topics.INTENTS.name(), intentBytes));
        GateDecision decision = decide(submitted, IntentHash.of(submitted));
        out.consume(verdicts.serialize(Topics.VERDICTS.name(), ((GateDecision.Decided) decision).verdict()));
        out.consume(batches.serialize(Topics.AUDIT_UNCHAINED.name(), AuditEvents.batch(decision.audit())));
    }

    @Benchmark
    public void chainTask(Blackhole out) {
        String prev = AuditHasher.GENESIS;
        for (AuditRecord event : batchReader.deserialize(Topics.AUDIT_UNCHAINED.name(), batchBytes).getEvents()) {
            event.setChainPartition(0);
            event.setSequence(++sequence);
            event.setPrevHash(prev);
            prev = AuditHasher.seal(event).getHash();
            out.consume(records.serialize(Topics.AUDIT.name(), event));
        }
    }

    @Benchmark
    public void chainTaskCopying(Blackhole out) {
        String prev = AuditHasher.GENESIS;
        for (AuditRecord event : batchReader.deserialize(Topics.AUDIT_UNCHAINED.name(), batchBytes).getEvents()) {
            AuditRecord chained = AuditRecord.newBuilder(event).setChainPartition(0).setSequence(++sequence).setPrevHash(prev)
                    .setHash("").build();
            chained.setHash(AuditHasher.hash(chained));
            prev = chained.getHash();
            out.consume(recordsBefore.encode(chained));
        }
    }

    @Benchmark
    public byte[] passthroughCopy() {
        return Arrays.copyOf(intentBytes, intentBytes.length);
    }
}
