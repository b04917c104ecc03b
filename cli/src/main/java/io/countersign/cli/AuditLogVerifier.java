package io.countersign.cli;

import io.countersign.audit.AuditSigner;
import io.countersign.audit.ChainVerifier;
import io.countersign.audit.ChainVerifier.Finding;
import io.countersign.audit.ChainVerifier.Kind;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the whole audit topic and its checkpoints from Kafka and verifies every chain: links, sequence
 * numbers, content hashes, and each signed checkpoint against the chain. Records are decoded with the
 * schema they were written with (looked up by id), so verification survives schema evolution.
 */
final class AuditLogVerifier {

    private final Properties consumerProps;
    private final SchemaRegistryClient registry;
    private final Map<String, PublicKey> keys;
    private final String auditTopic;
    private final String checkpointTopic;

    /**
     * @param auditTopic      the audit log to verify: the catalogue's, or a copy (a mirror, a restore)
     * @param checkpointTopic where its signed checkpoints are
     */
    AuditLogVerifier(Properties consumerProps, SchemaRegistryClient registry, Map<String, PublicKey> keys,
                     String auditTopic, String checkpointTopic) {
        this.consumerProps = consumerProps;
        this.registry = registry;
        this.keys = keys;
        this.auditTopic = auditTopic;
        this.checkpointTopic = checkpointTopic;
    }

    /** The outcome: records read per partition, checkpoints verified, and every finding. */
    record Report(Map<Integer, Long> recordsPerPartition, int checkpointsVerified, List<Finding> findings) {
        boolean intact() {
            return findings.isEmpty();
        }
    }

    Report verify(Consumer<String> progress) {
        List<AuditCheckpoint> checkpoints = readCheckpoints();
        Map<Integer, Set<Long>> wanted = new HashMap<>();
        checkpoints.forEach(cp -> wanted.computeIfAbsent(cp.getChainPartition(), p -> new HashSet<>()).add(cp.getLastSequence()));
        List<Finding> findings = new ArrayList<>();
        Map<Integer, ChainVerifier> chains = new HashMap<>();
        Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
        forEachRecord(auditTopic, record -> {
            int p = record.partition();
            ChainVerifier chain = chains.computeIfAbsent(p, k -> new ChainVerifier(k, wanted.getOrDefault(k, Set.of())));
            byte[] v = record.value();
            if (v == null || v.length < 5 || v[0] != 0) {
                findings.add(chain.unreadable(record.offset(), "not Confluent-framed Avro"));
                return;
            }
            try {
                int id = ByteBuffer.wrap(v, 1, 4).getInt();
                Schema writer = registry.getById(id);
                GenericDatumReader<GenericRecord> reader = readers.computeIfAbsent(id, k -> new GenericDatumReader<>(writer));
                GenericRecord decoded = reader.read(null, DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, null));
                chain.accept(record.offset(), decoded, writer).ifPresent(findings::add);
            } catch (Exception e) {
                findings.add(chain.unreadable(record.offset(), e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            if (chain.recordsRead() % 10_000 == 0) {
                progress.accept("partition " + p + ": " + chain.recordsRead() + " records checked");
            }
        });
        int verified = 0;
        for (AuditCheckpoint cp : checkpoints) {
            int p = cp.getChainPartition();
            PublicKey key = keys.get(cp.getKeyId());
            ChainVerifier chain = chains.get(p);
            if (key == null) {
                findings.add(new Finding(p, -1, cp.getLastSequence(), Kind.UNKNOWN_KEY, "key id " + cp.getKeyId()));
            } else if (!AuditSigner.verify(cp, key)) {
                findings.add(new Finding(p, -1, cp.getLastSequence(), Kind.BAD_SIGNATURE, "checkpoint at sequence " + cp.getLastSequence()));
            } else if (chain == null || chain.lastSequence() < cp.getLastSequence()) {
                findings.add(new Finding(p, -1, cp.getLastSequence(), Kind.TRUNCATED,
                        "signed head at sequence " + cp.getLastSequence() + " but the chain ends at " + (chain == null ? -1 : chain.lastSequence())));
            } else if (!chain.hashAt(cp.getLastSequence()).orElse("").equals(cp.getHeadHash())) {
                findings.add(new Finding(p, -1, cp.getLastSequence(), Kind.CHECKPOINT_MISMATCH,
                        "the chain's hash at sequence " + cp.getLastSequence() + " differs from the signed head"));
            } else {
                verified++;
            }
        }
        Map<Integer, Long> counts = new HashMap<>();
        chains.forEach((p, c) -> counts.put(p, c.recordsRead()));
        return new Report(counts, verified, findings);
    }

    private List<AuditCheckpoint> readCheckpoints() {
        var deserializer = Topics.AUDIT_CHECKPOINTS.valueSerde(registry).deserializer();
        List<AuditCheckpoint> out = new ArrayList<>();
        forEachRecord(checkpointTopic, r -> out.add(deserializer.deserialize(r.topic(), r.value())));
        return out;
    }

    /** Reads a topic from the beginning to its current end, partition by partition, without a consumer group. */
    private void forEachRecord(String topic, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            for (TopicPartition tp : partitions) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                while (consumer.position(tp) < end) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        action.accept(r);
                    }
                }
            }
        }
    }
}
