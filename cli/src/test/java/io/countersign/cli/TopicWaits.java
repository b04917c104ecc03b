package io.countersign.cli;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test fixture: waits until a topic holds a number of records a test picks out (its own intents, say), reading
 * every partition from the beginning, {@code read_committed} as Countersign's consumers read, so a record of an
 * aborted transaction is never counted. Fails the test when they do not all come in time.
 */
final class TopicWaits {

    private TopicWaits() {
    }

    /** The first {@code count} records of {@code topic} that {@code which} picks, in the order read. */
    static <V extends SpecificRecord> List<V> await(KafkaSettings kafka, SchemaRegistryClient registry, Topic<String, V> topic,
                                                    Predicate<V> which, int count, Duration timeout) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")), new StringDeserializer(),
                topic.valueSerde(registry).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && which.test(r.value()) && seen.size() < count) {
                        seen.add(r.value());
                    }
                });
            }
        }
        assertThat(seen).as("records of " + topic.name() + " the test waits for, within " + timeout).hasSize(count);
        return seen;
    }
}
