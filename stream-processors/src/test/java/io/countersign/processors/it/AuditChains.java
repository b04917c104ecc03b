package io.countersign.processors.it;

import io.countersign.audit.ChainVerifier;
import io.countersign.contracts.topics.Topic;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the audit chains a test's pipeline wrote on the shared broker and checks them link by link and hash by hash.
 * Other tests' pipelines share the audit topic with chains of their own, so a test notes where the topic ends
 * ({@link #ends}) before its pipeline starts, and reads from there.
 */
final class AuditChains {

    private AuditChains() {
    }

    /** Where each partition of {@code topic} ends now. */
    static Map<TopicPartition, Long> ends(PipelineFixture fixture, Topic<?, ?> topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /**
     * Reads every audit partition from {@code chainsStart} (committed only), checks each chain and hands each record read
     * to {@code each}; returns what the checks found, nothing when every chain verifies.
     */
    static List<String> findings(PipelineFixture fixture, Map<TopicPartition, Long> chainsStart, Consumer<GenericRecord> each) {
        List<String> findings = new ArrayList<>();
        var props = fixture.kafka.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
            for (TopicPartition tp : partitions(consumer, Topics.AUDIT)) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, chainsStart.getOrDefault(tp, 0L));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                ChainVerifier chain = new ChainVerifier(tp.partition(), Set.of());
                long records = 0;
                while (consumer.position(tp) < end) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        records++;
                        int id = ByteBuffer.wrap(r.value(), 1, 4).getInt();
                        Schema writer = fixture.registry.getById(id);
                        try {
                            GenericRecord rec = readers.computeIfAbsent(id, k -> new GenericDatumReader<>(writer))
                                    .read(null, DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
                            chain.accept(r.offset(), rec, writer).ifPresent(f -> findings.add(f.toString()));
                            each.accept(rec);
                        } catch (Exception e) {
                            findings.add(chain.unreadable(r.offset(), e.toString()).toString());
                        }
                    }
                }
                if (records == 0) {
                    findings.add("partition " + tp.partition() + " has no audit records of this run");
                }
            }
        }
        return findings;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Topic<?, ?> topic) {
        return consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }
}
