package io.countersign.bench;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.SchemaProvisioner;
import io.countersign.contracts.topics.TopicProvisioner;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.EmbeddedStack;
import io.countersign.embedded.StackOptions;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The embedded broker and registry (no OpenSearch) in a temporary directory, with the catalogue's
 * topics and schemas provisioned: what every Kafka benchmark runs on.
 */
public record BenchStack(EmbeddedStack stack, KafkaSettings kafka, SchemaRegistryClient registry, Path dataDir) implements AutoCloseable {

    public static BenchStack start(String name) throws Exception {
        Path data = Files.createTempDirectory("countersign-bench-" + name);
        StackOptions o = StackOptions.forTests(data);
        EmbeddedStack stack = EmbeddedStack.start(new StackOptions(o.dataDir(), o.kafkaPort(), o.registryPort(), o.openSearchPort(),
                true, true, false));
        KafkaSettings kafka = new KafkaSettings(stack.endpoints().kafkaBootstrap(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(stack.endpoints().registryUrl());
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(Topics.ALL, (short) 1);
        }
        new SchemaProvisioner(registry).registerAll(Topics.ALL);
        return new BenchStack(stack, kafka, registry, data);
    }

    @Override
    public void close() {
        stack.close();
    }
}
