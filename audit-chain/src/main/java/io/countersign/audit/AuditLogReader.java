package io.countersign.audit;

import io.countersign.contracts.registry.ConfluentWireFormat;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.AuditCheckpoint;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;

/**
 * Reads the audit log ({@code countersign.audit}, or a copy of it) and its signed checkpoints
 * ({@code countersign.audit-checkpoints}) from Kafka, partition by partition from a given offset to the
 * end the partition had when reading began, committed records only and without a consumer group. Each
 * record is unframed by {@link ConfluentWireFormat} and decoded as a generic record with the schema it
 * was written with (looked up by id), never the current one: the hash covers the bytes as written, so
 * verification survives schema evolution. Writes nothing.
 */
public final class AuditLogReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private final Consumer<byte[], byte[]> consumer;
    private final SchemaRegistryClient registry;
    private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();

    /** Reads through {@code consumer}, which this reader assigns, seeks and closes. */
    public AuditLogReader(Consumer<byte[], byte[]> consumer, SchemaRegistryClient registry) {
        this.consumer = consumer;
        this.registry = registry;
    }

    /** A reader with its own consumer from the cluster's client properties (any group id is dropped). */
    public static AuditLogReader open(Properties consumerProps, SchemaRegistryClient registry) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new AuditLogReader(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()), registry);
    }

    /** The partition numbers of {@code topic}, in ascending order. */
    public List<Integer> partitions(String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(i -> i.partition()).sorted().toList();
    }

    /**
     * The audit records of one partition from {@code fromOffset} up to the partition's end now, decoded
     * lazily: a caller that stops iterating reads no further.
     */
    public Iterator<AuditLogRecord> read(String topic, int partition, long fromOffset) {
        Iterator<ConsumerRecord<byte[], byte[]>> raw = records(new TopicPartition(topic, partition), fromOffset);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public AuditLogRecord next() {
                ConsumerRecord<byte[], byte[]> r = raw.next();
                return decode(r.offset(), r.value());
            }
        };
    }

    /** Every signed checkpoint in {@code topic}, partition by partition in offset order. */
    public List<AuditCheckpoint> checkpoints(String topic) {
        Deserializer<AuditCheckpoint> deserializer = Topics.AUDIT_CHECKPOINTS.valueSerde(registry).deserializer();
        List<AuditCheckpoint> out = new ArrayList<>();
        for (int p : partitions(topic)) {
            records(new TopicPartition(topic, p), 0).forEachRemaining(r -> {
                AuditCheckpoint cp = deserializer.deserialize(r.topic(), r.value());
                if (cp != null) {
                    out.add(cp);
                }
            });
        }
        return out;
    }

    /** Decodes one audit record's value; a value that cannot be decoded comes back unreadable, saying why. */
    public AuditLogRecord decode(long offset, byte[] value) {
        int id;
        try {
            id = ConfluentWireFormat.schemaId(Topics.AUDIT.name(), value == null ? new byte[0] : value);
        } catch (SerializationException e) {
            return AuditLogRecord.unreadable(offset, "not Confluent-framed Avro");
        }
        try {
            Schema writer = registry.getById(id);
            GenericRecord decoded = readers.computeIfAbsent(id, k -> new GenericDatumReader<>(writer)).read(null, ConfluentWireFormat.body(value));
            return AuditLogRecord.decoded(offset, decoded, writer);
        } catch (Exception e) {
            return AuditLogRecord.unreadable(offset, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** One partition's raw records from {@code fromOffset} to its end when called, polled as they are consumed. */
    private Iterator<ConsumerRecord<byte[], byte[]>> records(TopicPartition tp, long fromOffset) {
        consumer.assign(List.of(tp));
        if (fromOffset <= 0) {
            consumer.seekToBeginning(List.of(tp)); // the log's start, even when its first offsets are gone
        } else {
            consumer.seek(tp, fromOffset);
        }
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        Deque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && consumer.position(tp) < end) {
                    consumer.poll(POLL).records(tp).forEach(buffer::add);
                }
                return !buffer.isEmpty();
            }

            @Override
            public ConsumerRecord<byte[], byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.poll();
            }
        };
    }

    @Override
    public void close() {
        consumer.close();
    }
}
