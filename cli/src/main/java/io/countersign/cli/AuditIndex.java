package io.countersign.cli;

import io.countersign.lineage.LocalLineageIndex;

import java.io.PrintWriter;

/**
 * Runs the lineage-index job for {@code countersign up} on a local Flink MiniCluster ({@link LocalLineageIndex},
 * the same job class a Flink cluster runs), indexing the audit topic into the embedded OpenSearch node.
 */
final class AuditIndex implements AutoCloseable {

    private final LocalLineageIndex job;

    private AuditIndex(LocalLineageIndex job) {
        this.job = job;
    }

    static AuditIndex start(String kafkaBootstrap, String registryUrl, String openSearchUrl, PrintWriter out) throws Exception {
        LocalLineageIndex job = LocalLineageIndex.start(kafkaBootstrap, registryUrl, openSearchUrl);
        out.printf("  index:     lineage-index job on a Flink MiniCluster, audit → %s/countersign-audit, labels propagated along lineage, usage rolled up hourly%n",
                openSearchUrl);
        return new AuditIndex(job);
    }

    @Override
    public void close() throws Exception {
        job.close();
    }
}
