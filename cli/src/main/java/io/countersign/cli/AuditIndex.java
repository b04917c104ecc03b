package io.countersign.cli;

import io.countersign.lineage.LineageIndexJob;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.lineage.adapter.out.OpenSearchClients;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * Runs the lineage-index job for {@code countersign up} on a local Flink MiniCluster — the same job
 * class a Flink cluster runs with {@code flink run} — indexing the audit topic into the embedded
 * OpenSearch node.
 */
final class AuditIndex implements AutoCloseable {

    private final JobClient job;

    private AuditIndex(JobClient job) {
        this.job = job;
    }

    static AuditIndex start(String kafkaBootstrap, String registryUrl, String openSearchUrl, PrintWriter out) throws Exception {
        IndexSetup.ensure(OpenSearchClients.create(openSearchUrl));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(5_000);
        LineageIndexJob.build(env, LineageIndexJob.Sources.kafka(kafkaBootstrap, registryUrl, LineageIndexJob.NAME),
                LineageIndexJob.Sinks.of(openSearchUrl, kafkaBootstrap, registryUrl));
        JobClient job = env.executeAsync(LineageIndexJob.NAME);
        out.printf("  index:     lineage-index job on a Flink MiniCluster, audit → %s/countersign-audit, labels propagated along lineage, usage rolled up hourly%n",
                openSearchUrl);
        return new AuditIndex(job);
    }

    @Override
    public void close() throws Exception {
        job.cancel().get(30, TimeUnit.SECONDS);
    }
}
