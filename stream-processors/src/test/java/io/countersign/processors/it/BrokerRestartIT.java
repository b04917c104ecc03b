package io.countersign.processors.it;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.EmbeddedKafka;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.GateMode;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker restarts while intents stream in: the producer and the pipeline ride it out and, once it
 * is back, every intent has exactly one verdict. Runs on a broker of its own (same ports, same log
 * directory across the restart) so the shared stack is not disturbed. The same for the first-wins pipeline
 * ({@code gate: first-wins}: its gate runs at least once, and the audit chain, exactly-once, writes the one verdict).
 */
@WithCountersignStack
class BrokerRestartIT {

    /** 20,000 with -Pheavy. */
    static final int INTENTS = Boolean.getBoolean("countersign.heavy") ? 20_000 : 2_000;
    static final Duration OUTAGE = Duration.ofSeconds(2);

    @ParameterizedTest(name = "{0}")
    @EnumSource(GateMode.class)
    void producersAndTheDecisionPipelineRecoverFromABrokerRestartLosingNothing(GateMode gate, Endpoints shared) throws Exception {
        Path dir = Files.createTempDirectory("countersign-broker-restart");
        int port = freePort();
        int controller = freePort();
        EmbeddedKafka broker = EmbeddedKafka.start(dir, port, controller);
        KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(shared.registryUrl());
        StreamProcessors pipeline = ProvisionedStack.provision(kafka, registry).pipeline(dir).applicationId("countersign-restart-it")
                .gate(gate).start("defaultEffect: allow\nrules: []\n");
        KafkaProducer<String, ActionIntent> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000")),
                new StringSerializer(), Topics.INTENTS.valueSerde(registry).serializer());
        try {
            // The restart must land mid-stream: once a quarter of the intents are acknowledged, not after a guess.
            java.util.concurrent.CountDownLatch quarterAcked = new java.util.concurrent.CountDownLatch(INTENTS / 4);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < INTENTS; i++) {
                    String id = "restart-" + i;
                    producer.send(new ProducerRecord<>(Topics.INTENTS.name(), id, ActionIntent.newBuilder().setIntentId(id)
                            .setOccurredAt(Instant.now()).setAgent(io.countersign.schema.AgentRef.newBuilder().setId("agent:steady").build())
                            .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:steady"))
                            .setAction("db.read").setTargets(List.of("pg://web/pages")).setParameters(Map.of()).build()),
                            (metadata, error) -> quarterAcked.countDown());
                    if (i % 100 == 0) {
                        sleep(100); // pacing, not waiting: a steady stream the restart can land in the middle of
                    }
                }
                producer.flush();
            });
            assertThat(quarterAcked.await(60, TimeUnit.SECONDS)).as("a quarter of the intents acknowledged before the restart").isTrue();
            broker.close();
            sleep(OUTAGE.toMillis()); // the fault itself: the broker stays down this long
            broker = EmbeddedKafka.start(dir, port, controller);
            load.get(5, TimeUnit.MINUTES);

            Map<String, Integer> verdicts = new HashMap<>();
            try (KafkaConsumer<String, Verdict> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                    "restart-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                    new StringDeserializer(), Topics.VERDICTS.valueSerde(registry).deserializer())) {
                consumer.subscribe(List.of(Topics.VERDICTS.name()));
                long deadline = System.nanoTime() + Duration.ofMinutes(Boolean.getBoolean("countersign.heavy") ? 30 : 3).toNanos();
                while (verdicts.size() < INTENTS && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> verdicts.merge(r.key(), 1, Integer::sum));
                }
                for (int i = 0; i < 10; i++) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> verdicts.merge(r.key(), 1, Integer::sum));
                }
            }
            assertThat(verdicts).as("every intent decided after the restart").hasSize(INTENTS);
            assertThat(verdicts.values()).as("exactly once").containsOnly(1);
        } finally {
            producer.close(Duration.ofSeconds(5));
            pipeline.close();
            broker.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
