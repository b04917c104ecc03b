package io.countersign.cli;

import io.countersign.contracts.registry.InMemorySchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.TopicProvisioner;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same topic provisioning and serde round trip as on the embedded stack, against Confluent's own
 * Kafka image. Runs only where a Docker engine is available; skipped cleanly elsewhere. The embedded
 * tests always run, so this is extra coverage, never the only coverage.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentKafkaContainerIT {

    @Container
    static final ConfluentKafkaContainer KAFKA = new ConfluentKafkaContainer("confluentinc/cp-kafka:8.0.0");

    @Test
    void provisionsTopicsAndRoundTripsAnIntent() throws Exception {
        SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
            assertThat(new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(Topics.ALL, (short) 1))
                    .hasSize(Topics.ALL.size());
        }
        ActionIntent intent = ActionIntent.newBuilder().setIntentId("tc-1").setOccurredAt(Instant.ofEpochMilli(1))
                .setAgent(AgentRef.newBuilder().setId("agent:x").build()).setPrincipal("user:a@example.com")
                .setAction("db.read").build();
        var serde = Topics.INTENTS.valueSerde(registry);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", KAFKA.getBootstrapServers()),
                Topics.INTENTS.keySerde().serializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(Topics.INTENTS.name(), "tc-1", intent)).get();
        }
        List<ActionIntent> got = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tc", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.INTENTS.keySerde().deserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(Topics.INTENTS.name()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
            }
        }
        assertThat(got).containsExactly(intent);
    }
}
