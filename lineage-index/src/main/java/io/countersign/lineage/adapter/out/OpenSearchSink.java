package io.countersign.lineage.adapter.out;

import io.countersign.lineage.domain.IndexOp;
import io.countersign.search.OpenSearchClients;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink V2 that upserts {@link IndexOp}s into OpenSearch through opensearch-java's
 * {@code BulkIngester} (there is no Flink 2 OpenSearch connector). At-least-once: every checkpoint
 * waits until everything written before it is indexed or dead-lettered, and deterministic document
 * ids make the replay after a restart rewrite the same documents. Items OpenSearch rejects for good
 * (mapping errors) go to {@code countersign.dead-letters}; 429 and 5xx are retried with backoff.
 */
public final class OpenSearchSink implements Sink<IndexOp> {

    private final String openSearchUrl;
    private final String kafkaBootstrap;
    private final String registryUrl;

    public OpenSearchSink(String openSearchUrl, String kafkaBootstrap, String registryUrl) {
        this.openSearchUrl = openSearchUrl;
        this.kafkaBootstrap = kafkaBootstrap;
        this.registryUrl = registryUrl;
    }

    @Override
    public SinkWriter<IndexOp> createWriter(WriterInitContext context) {
        return new OpenSearchSinkWriter(OpenSearchClients.create(openSearchUrl), new DeadLetterWriter(kafkaBootstrap, registryUrl));
    }
}
