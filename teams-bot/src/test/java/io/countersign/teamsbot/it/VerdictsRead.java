package io.countersign.teamsbot.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads {@code countersign.verdicts} (committed records, from the beginning) until the verdict of one intent is there. */
final class VerdictsRead {

    private VerdictsRead() {
    }

    static Verdict await(KafkaSettings kafka, SchemaRegistryClient registry, String intentId, Duration timeout) {
        Properties props = kafka.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        try (KafkaConsumer<String, Verdict> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.VERDICTS.valueSerde(registry).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.VERDICTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, Verdict> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && intentId.equals(r.value().getIntentId())) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no verdict for " + intentId + " within " + timeout);
    }
}
