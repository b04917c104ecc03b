package io.countersign.lineage.testing;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.embedded.Endpoints;
import io.countersign.lineage.LineageIndexJob;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.processors.testing.TestPipeline;
import io.countersign.search.OpenSearchClients;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.opensearch.client.opensearch.OpenSearchClient;


/**
 * The embedded stack made ready for the lineage-index job, as {@code countersign up} makes it: every
 * topic created, every schema registered, the OpenSearch index templates and aliases in place; and the job
 * started on it.
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

    /** The lineage-index job on a MiniCluster in this JVM, reading as consumer group {@code groupId}, checkpointing every 500 ms. */
    public static JobClient startJob(Endpoints endpoints, String groupId) throws Exception {
        return startJob(endpoints, groupId, endpoints.openSearchUrl());
    }

    /** The same, writing to the OpenSearch at {@code openSearchUrl} (e.g. one behind a faulty link). */
    public static JobClient startJob(Endpoints endpoints, String groupId, String openSearchUrl) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        LineageIndexJob.build(env, LineageIndexJob.Sources.kafka(endpoints.kafkaBootstrap(), endpoints.registryUrl(), groupId),
                LineageIndexJob.Sinks.of(openSearchUrl, endpoints.kafkaBootstrap(), endpoints.registryUrl()));
        return env.executeAsync(LineageIndexJob.NAME);
    }
}
