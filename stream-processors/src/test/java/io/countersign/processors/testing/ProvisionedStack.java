package io.countersign.processors.testing;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.SchemaProvisioner;
import io.countersign.contracts.topics.TopicProvisioner;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The embedded stack made ready as {@code countersign up} makes it: every topic of the catalogue created
 * (replication 1, one broker) and every schema registered. What the integration tests of every module
 * start from; {@link #pipeline()} starts the decision pipeline on it.
 */
public record ProvisionedStack(KafkaSettings kafka, SchemaRegistryClient registry) {

    /** Creates the topics and registers the schemas (both idempotent, so every test class may call it). */
    public static ProvisionedStack provision(Endpoints endpoints) throws Exception {
        return provision(new KafkaSettings(endpoints.kafkaBootstrap(), Map.of()), new HttpSchemaRegistryClient(endpoints.registryUrl()));
    }

    /** The same on a broker and registry of the test's own. */
    public static ProvisionedStack provision(KafkaSettings kafka, SchemaRegistryClient registry) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(Topics.ALL, (short) 1);
        }
        new SchemaProvisioner(registry).registerAll(Topics.ALL);
        return new ProvisionedStack(kafka, registry);
    }

    /** A decision pipeline on this stack, to be named and started (see {@link TestPipeline}). */
    public TestPipeline pipeline() {
        return TestPipeline.on(kafka, registry);
    }

    /** The same, with its keys, state and directory under {@code dataDir}. */
    public TestPipeline pipeline(Path dataDir) {
        return pipeline().dataDir(dataDir);
    }
}
