package io.countersign.cli;

import io.countersign.lineage.LineageIndexJob;
import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.lineage.adapter.out.OpenSearchClients;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
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

    private static final String LOOPBACK = "127.0.0.1";

    private final JobClient job;

    private AuditIndex(JobClient job) {
        this.job = job;
    }

    static AuditIndex start(String kafkaBootstrap, String registryUrl, String openSearchUrl, PrintWriter out) throws Exception {
        IndexSetup.ensure(OpenSearchClients.create(openSearchUrl));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(loopbackOnly());
        env.setParallelism(1);
        env.enableCheckpointing(5_000);
        LineageIndexJob.build(env, LineageIndexJob.Sources.kafka(kafkaBootstrap, registryUrl, LineageIndexJob.NAME),
                LineageIndexJob.Sinks.of(openSearchUrl, kafkaBootstrap, registryUrl));
        JobClient job = env.executeAsync(LineageIndexJob.NAME);
        out.printf("  index:     lineage-index job on a Flink MiniCluster, audit → %s/countersign-audit, labels propagated along lineage, usage rolled up hourly%n",
                openSearchUrl);
        return new AuditIndex(job);
    }

    /**
     * The MiniCluster's REST endpoint, blob server and RPC services bind to every interface unless told
     * otherwise (Flink's default is 0.0.0.0); {@code up} is a single-host stack, so they listen on loopback only.
     */
    static Configuration loopbackOnly() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        return conf;
    }

    @Override
    public void close() throws Exception {
        job.cancel().get(30, TimeUnit.SECONDS);
    }
}
