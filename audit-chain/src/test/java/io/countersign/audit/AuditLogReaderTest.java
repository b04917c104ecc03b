package io.countersign.audit;

import io.countersign.audit.ChainVerifier.Kind;
import io.countersign.contracts.registry.ConfluentWireFormat;
import io.countersign.contracts.registry.InMemorySchemaRegistryClient;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AuditLogReaderTest {

    private static final String AUDIT = Topics.AUDIT.name();
    private static final String CHECKPOINTS = Topics.AUDIT_CHECKPOINTS.name();
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final FakeLog log = new FakeLog();

    AuditLogReaderTest() {
        registry.register(Topics.AUDIT.valueSubject(), Topics.AUDIT.valueSchema());
        registry.register(Topics.AUDIT_CHECKPOINTS.valueSubject(), Topics.AUDIT_CHECKPOINTS.valueSchema());
    }

    @Test
    void readsAPartitionDecodedWithTheWriterSchemaAndTheChainVerifies() {
        List<AuditRecord> chain = AuditChainFixtures.chain(1, 12);
        chain.forEach(r -> log.append(AUDIT, 1, audit(r)));
        log.append(AUDIT, 0, audit(AuditChainFixtures.chain(0, 1).get(0)));
        try (AuditLogReader reader = new AuditLogReader(log, registry)) {
            assertThat(reader.partitions(AUDIT)).containsExactly(0, 1);
            ChainVerifier verifier = new ChainVerifier(1, Set.of(11L));
            List<AuditLogRecord> read = list(reader.read(AUDIT, 1, 0));
            assertThat(read).hasSize(12).allMatch(AuditLogRecord::readable);
            assertThat(read.get(4).offset()).isEqualTo(4);
            assertThat(read.get(4).writerSchema()).isEqualTo(AuditRecord.getClassSchema());
            read.forEach(r -> assertThat(verifier.accept(r)).isEmpty());
            assertThat(verifier.hashAt(11)).contains(chain.get(11).getHash());
        }
    }

    @Test
    void readsFromAnOffsetOnwardOnly() {
        AuditChainFixtures.chain(0, 10).forEach(r -> log.append(AUDIT, 0, audit(r)));
        try (AuditLogReader reader = new AuditLogReader(log, registry)) {
            assertThat(list(reader.read(AUDIT, 0, 6))).extracting(AuditLogRecord::sequence).containsExactly(6L, 7L, 8L, 9L);
        }
    }

    @Test
    void undecodableRecordsComeBackUnreadableInTheirPlace() {
        List<AuditRecord> chain = AuditChainFixtures.chain(0, 4);
        log.append(AUDIT, 0, audit(chain.get(0)));
        log.append(AUDIT, 0, "{\"json\":true}".getBytes());
        byte[] truncated = audit(chain.get(2));
        log.append(AUDIT, 0, Arrays.copyOf(truncated, truncated.length - 20));
        log.append(AUDIT, 0, audit(chain.get(3)));
        try (AuditLogReader reader = new AuditLogReader(log, registry)) {
            List<AuditLogRecord> read = list(reader.read(AUDIT, 0, 0));
            assertThat(read).extracting(AuditLogRecord::readable).containsExactly(true, false, false, true);
            assertThat(read.get(1).problem()).isEqualTo("not Confluent-framed Avro");
            assertThat(read.get(2).problem()).isNotBlank();
            // Each unreadable record is reported where it is; the next readable one cannot link to a hash nobody could read.
            ChainVerifier verifier = new ChainVerifier(0, Set.of());
            assertThat(read.stream().map(verifier::accept).flatMap(Optional::stream))
                    .extracting(ChainVerifier.Finding::kind, ChainVerifier.Finding::offset)
                    .containsExactly(tuple(Kind.UNREADABLE, 1L), tuple(Kind.UNREADABLE, 2L), tuple(Kind.BROKEN_LINK, 3L));
            assertThat(verifier.lastSequence()).isEqualTo(3);
        }
    }

    @Test
    void aLengthLargerThanTheRecordIsRefusedNotAllocated() {
        // The intent id's length prefix claims a gigabyte: the reader must give up, not try to allocate it.
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        hostile.writeBytes(ConfluentWireFormat.header(registry.register(Topics.AUDIT.valueSubject(), Topics.AUDIT.valueSchema())));
        hostile.writeBytes(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08});
        try (AuditLogReader reader = new AuditLogReader(log, registry)) {
            AuditLogRecord r = reader.decode(7, hostile.toByteArray());
            assertThat(r.readable()).isFalse();
            assertThat(r.problem()).startsWith("EOFException").contains("in a record of 10 bytes");
        }
    }

    @Test
    void readsEveryCheckpointOfEveryPartition() {
        AuditSigner signer = new AuditSigner(Ed25519Keys.generate());
        AuditCheckpoint a = signer.sign(0, 9, "ab".repeat(32), Instant.ofEpochMilli(1_700_000_000_000L));
        AuditCheckpoint b = signer.sign(1, 3, "cd".repeat(32), Instant.ofEpochMilli(1_700_000_000_500L));
        AuditCheckpoint c = signer.sign(0, 19, "ef".repeat(32), Instant.ofEpochMilli(1_700_000_001_000L));
        var serializer = Topics.AUDIT_CHECKPOINTS.valueSerde(registry).serializer();
        log.append(CHECKPOINTS, 0, serializer.serialize(CHECKPOINTS, a));
        log.append(CHECKPOINTS, 1, serializer.serialize(CHECKPOINTS, b));
        log.append(CHECKPOINTS, 0, serializer.serialize(CHECKPOINTS, c));
        log.append(CHECKPOINTS, 1, null); // a tombstone is no checkpoint
        try (AuditLogReader reader = new AuditLogReader(log, registry)) {
            assertThat(reader.checkpoints(CHECKPOINTS)).containsExactly(a, c, b);
        }
    }

    @Test
    void indexEntryCarriesTheChainFields() {
        AuditRecord r = AuditChainFixtures.chain(2, 3).get(2);
        try (AuditLogReader reader = new AuditLogReader(log, registry)) {
            assertThat(reader.decode(0, audit(r)).indexEntry()).isEqualTo(new IndexedCopyCheck.Entry(2, 2, r.getIntentId(),
                    r.getEventType().name(), r.getPrevHash(), r.getHash()));
        }
    }

    private byte[] audit(AuditRecord r) {
        return Topics.AUDIT.valueSerde(registry).serializer().serialize(AUDIT, r);
    }

    private static <T> List<T> list(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** An in-memory Kafka: a consumer over topics appended to in the test, offsets from 0. */
    private static final class FakeLog extends MockConsumer<byte[], byte[]> {
        private final Map<TopicPartition, List<byte[]>> partitions = new HashMap<>();

        FakeLog() {
            super("earliest");
        }

        void append(String topic, int partition, byte[] value) {
            TopicPartition tp = new TopicPartition(topic, partition);
            partitions.computeIfAbsent(tp, k -> new ArrayList<>()).add(value);
            List<PartitionInfo> infos = partitions.keySet().stream().filter(p -> p.topic().equals(topic))
                    .map(p -> new PartitionInfo(topic, p.partition(), Node.noNode(), new Node[0], new Node[0])).toList();
            updatePartitions(topic, infos);
            updateBeginningOffsets(Map.of(tp, 0L));
            updateEndOffsets(Map.of(tp, (long) partitions.get(tp).size()));
        }

        @Override
        public synchronized void assign(Collection<TopicPartition> assigned) {
            super.assign(assigned);
            for (TopicPartition tp : assigned) {
                List<byte[]> values = partitions.getOrDefault(tp, List.of());
                for (int i = 0; i < values.size(); i++) {
                    addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), i, null, values.get(i)));
                }
            }
        }
    }
}
