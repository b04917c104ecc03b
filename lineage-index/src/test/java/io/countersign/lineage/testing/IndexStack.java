package io.countersign.lineage.testing;

import io.countersign.config.KafkaSettings;
import io.countersign.embedded.Endpoints;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.search.OpenSearchClients;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.SchemaProvisioner;
import io.countersign.contracts.topics.TopicProvisioner;
import io.countersign.contracts.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.opensearch.client.opensearch.OpenSearchClient;

import java.time.Duration;
import java.util.Map;

/**
 * The embedded stack made ready for the lineage-index job, as {@code countersign up} makes it: every
 * topic created, every schema registered, the OpenSearch index templates and aliases in place.
 */
public record IndexStack(KafkaSettings kafka, SchemaRegistryClient registry, OpenSearchClient search) {

    public static IndexStack provision(Endpoints endpoints) throws Exception {
        KafkaSettings kafka = new KafkaSettings(endpoints.kafkaBootstrap(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(Topics.ALL, (short) 1);
        }
        new SchemaProvisioner(registry).registerAll(Topics.ALL);
        OpenSearchClient search = OpenSearchClients.create(endpoints.openSearchUrl());
        IndexSetup.ensure(search);
        return new IndexStack(kafka, registry, search);
    }
}
