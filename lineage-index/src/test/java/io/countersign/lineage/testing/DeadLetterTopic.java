package io.countersign.lineage.testing;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads {@code countersign.dead-letters} from the beginning, for tests that expect a record there. */
public final class DeadLetterTopic {

    private DeadLetterTopic() {
    }

    /** Every dead letter {@code application} wrote so far (polls for three seconds with a fresh group). */
    public static List<DeadLetter> read(KafkaSettings kafka, SchemaRegistryClient registry, String application) {
        var props = kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], DeadLetter> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).deserializer())) {
            c.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getApplication().equals(application)) {
                        out.add(r.value());
                    }
                });
            }
        }
        return out;
    }
}
