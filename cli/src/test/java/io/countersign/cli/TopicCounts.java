package io.countersign.cli;

import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Test fixture: counts the committed records of a topic by a key taken from each record (the intent id),
 * reading every partition from the beginning to the end offsets as they were when it started
 * ({@code read_committed}, so an aborted transaction's duplicates are not counted, as no consumer of
 * Countersign's topics would see them).
 */
final class TopicCounts {

    private TopicCounts() {
    }

    static <V extends SpecificRecord> Map<String, Integer> count(String bootstrap, String registryUrl, Topic<String, V> topic, Predicate<V> which,
                                          Function<V, String> key) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), topic.valueSerde(new HttpSchemaRegistryClient(registryUrl)).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic.name() + " to its end in 2 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.value() != null && which.test(r.value())) {
                        counts.merge(key.apply(r.value()), 1, Integer::sum);
                    }
                });
            }
        }
        return counts;
    }
}
