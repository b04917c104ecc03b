package io.countersign.lineage;

import io.countersign.lineage.adapter.out.IndexSetup;
import io.countersign.search.OpenSearchClients;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.concurrent.TimeUnit;

/**
 * The lineage-index job on a Flink MiniCluster inside this JVM, for a single host ({@code countersign up},
 * {@code countersign lineage-index run}): the same job a Flink cluster runs, parallelism 1, every port the
 * MiniCluster opens bound to loopback. Closing it cancels the job.
 */
public final class LocalLineageIndex implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final JobClient job;

    private LocalLineageIndex(JobClient job) {
        this.job = job;
    }

    /** Creates the OpenSearch indices if needed and starts the job; returns once Flink has accepted it. */
    public static LocalLineageIndex start(String kafkaBootstrap, String registryUrl, String openSearchUrl) throws Exception {
        IndexSetup.ensure(OpenSearchClients.create(openSearchUrl));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(loopbackOnly());
        env.setParallelism(1);
        env.enableCheckpointing(5_000);
        LineageIndexJob.build(env, LineageIndexJob.Sources.kafka(kafkaBootstrap, registryUrl, LineageIndexJob.NAME),
                LineageIndexJob.Sinks.of(openSearchUrl, kafkaBootstrap, registryUrl));
        return new LocalLineageIndex(env.executeAsync(LineageIndexJob.NAME));
    }

    /** The job's id in the MiniCluster. */
    public String jobId() {
        return job.getJobID().toString();
    }

    /**
     * The MiniCluster's REST endpoint, blob server and RPC services bind to every interface unless told
     * otherwise (Flink's default is 0.0.0.0), and its REST API can cancel the job — which would silently
     * stop label propagation — so they listen on loopback only.
     */
    public static Configuration loopbackOnly() {
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
