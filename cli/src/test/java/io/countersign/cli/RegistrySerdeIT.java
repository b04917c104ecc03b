package io.countersign.cli;

import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryException;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.TopicProvisioner;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Confluent-format serde and registry client against the real broker and the real registry. */
@WithCountersignStack
class RegistrySerdeIT {

    @Test
    void actionIntentRoundTripsThroughTheBrokerWithRegistryFraming(Endpoints endpoints) throws Exception {
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        Topic<String, ActionIntent> topic = Topics.INTENTS;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(topic), (short) 1);
        }
        Serde<ActionIntent> serde = topic.valueSerde(registry);
        ActionIntent sent = ActionIntent.newBuilder()
                .setIntentId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.ofEpochMilli(1_763_800_000_000L))
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export")
                .setTargets(List.of("pg://crm/customers"))
                .setDestination(Destination.newBuilder().setUri("s3://partner/drop").setExternal(true).build())
                .setParameters(Map.of("format", "csv"))
                .setReason("quarterly report")
                .build();

        try (KafkaProducer<String, ActionIntent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), sent.getIntentId(), sent)).get();
        }

        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        List<ActionIntent> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                topic.keySerde().deserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && received.stream().noneMatch(i -> i.getIntentId().equals(sent.getIntentId()))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    raw.add(r);
                    received.add(serde.deserializer().deserialize(topic.name(), r.value()));
                }
            }
        }
        assertThat(received).contains(sent);
        byte[] bytes = raw.get(received.indexOf(sent)).value();
        int id = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
        assertThat(bytes[0]).as("Confluent magic byte").isZero();
        assertThat(registry.getById(id)).isEqualTo(ActionIntent.getClassSchema());
    }

    @Test
    void incompatibleRegistrationIsRejectedWith409ByTheRealRegistry(Endpoints endpoints) {
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        String subject = "compat-check-" + UUID.randomUUID() + "-value";
        Schema v1 = SchemaBuilder.record("Thing").namespace("io.countersign.test").fields()
                .requiredString("id").endRecord();
        Schema breaking = SchemaBuilder.record("Thing").namespace("io.countersign.test").fields()
                .requiredString("id").requiredLong("mandatoryWithoutDefault").endRecord();

        int id = registry.register(subject, v1);
        assertThat(registry.register(subject, v1)).as("same schema, same id").isEqualTo(id);
        registry.setCompatibility(subject, "BACKWARD");
        assertThat(registry.isCompatible(subject, breaking)).isFalse();
        assertThatThrownBy(() -> registry.register(subject, breaking))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
    }
}
