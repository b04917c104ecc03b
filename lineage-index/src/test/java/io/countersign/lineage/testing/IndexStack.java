package io.countersign.lineage.testing;

import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.processors.testing.TestPipeline;
import io.countersign.config.KafkaSettings;
import io.countersign.embedded.Endpoints;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.search.OpenSearchClients;
import io.countersign.contracts.registry.SchemaRegistryClient;
import org.opensearch.client.opensearch.OpenSearchClient;


/**
 * The embedded stack made ready for the lineage-index job, as {@code countersign up} makes it: every
 * topic created, every schema registered, the OpenSearch index templates and aliases in place.
 */
public record IndexStack(KafkaSettings kafka, SchemaRegistryClient registry, OpenSearchClient search) {

    public static IndexStack provision(Endpoints endpoints) throws Exception {
        ProvisionedStack stack = ProvisionedStack.provision(endpoints);
        OpenSearchClient search = OpenSearchClients.create(endpoints.openSearchUrl());
        IndexSetup.ensure(search);
        return new IndexStack(stack.kafka(), stack.registry(), search);
    }

    /** A decision pipeline on this stack with its keys and state in a new temporary directory. */
    public TestPipeline pipeline() {
        return TestPipeline.on(kafka, registry);
    }
}
