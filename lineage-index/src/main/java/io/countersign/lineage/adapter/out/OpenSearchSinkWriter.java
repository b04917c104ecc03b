package io.countersign.lineage.adapter.out;

import io.countersign.lineage.domain.IndexOp;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._helpers.bulk.BulkIngester;
import org.opensearch.client.opensearch._helpers.bulk.BulkListener;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes through a {@code BulkIngester} and sorts every item's result: indexed, retried (429, 5xx, or
 * the whole request failed, e.g. OpenSearch down), or dead-lettered (any other item error, such as a
 * mapping conflict — it would fail the same way again). {@link #flush} blocks until nothing is pending:
 * the checkpoint completes only when all earlier writes are in OpenSearch or in the dead-letter topic.
 */
final class OpenSearchSinkWriter implements SinkWriter<IndexOp> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchSinkWriter.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    /** An item OpenSearch refused for good, and why. */
    private record Rejected(IndexOp op, String reason) {
    }

    private final OpenSearchClient client;
    private final BulkIngester<IndexOp> ingester;
    private final DeadLetterWriter deadLetters;
    private final ConcurrentLinkedQueue<IndexOp> retry = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Rejected> rejected = new ConcurrentLinkedQueue<>();
    /** Operations handed to the ingester (writer thread only) and operations whose result the listener sorted (guarded by this). */
    private long added;
    private long sorted;

    OpenSearchSinkWriter(OpenSearchClient client, DeadLetterWriter deadLetters) {
        this.client = client;
        this.deadLetters = deadLetters;
        this.ingester = BulkIngester.of(b -> b.client(client).maxOperations(500).flushInterval(1, TimeUnit.SECONDS)
                .listener(new Listener()));
    }

    @Override
    public void write(IndexOp op, Context context) throws InterruptedException {
        if (op.isFailure()) {
            LOG.warn("Input from {} not indexed ({}); sent to the dead-letter topic", op.origin, op.stage);
            deadLetters.write(op, op.stage, op.failure);
            return;
        }
        add(op);
        drainRejected();
    }

    private void add(IndexOp op) {
        added++;
        JsonData doc = parse(op.json);
        if (op.upsertJson == null) {
            ingester.add(b -> b.update(u -> u.index(op.index).id(op.id).document(doc).docAsUpsert(true).retryOnConflict(3)), op);
        } else {
            JsonData first = parse(op.upsertJson);
            ingester.add(b -> b.update(u -> u.index(op.index).id(op.id).document(doc).upsert(first).retryOnConflict(3)), op);
        }
    }

    private JsonData parse(String json) {
        return JsonData.from(client._transport().jsonpMapper().jsonProvider().createParser(new StringReader(json)), client._transport().jsonpMapper());
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        long backoff = 100;
        while (true) {
            ingester.flush();
            awaitSorted();
            drainRejected();
            if (retry.isEmpty()) {
                return;
            }
            LOG.warn("{} index writes to retry; waiting {} ms", retry.size(), backoff);
            Thread.sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            List<IndexOp> again = new ArrayList<>();
            for (IndexOp op = retry.poll(); op != null; op = retry.poll()) {
                again.add(op);
            }
            again.forEach(this::add);
        }
    }

    /** BulkIngester.flush() only starts the request: wait until the listener has sorted every result. */
    private synchronized void awaitSorted() throws InterruptedException {
        while (sorted < added) {
            wait();
        }
    }

    private void sorted(int count) {
        synchronized (this) {
            sorted += count;
            notifyAll();
        }
    }

    private void drainRejected() throws InterruptedException {
        for (Rejected r = rejected.poll(); r != null; r = rejected.poll()) {
            LOG.warn("{}/{} refused by OpenSearch ({}); sent to the dead-letter topic", r.op().index, r.op().id, r.reason());
            deadLetters.write(r.op(), "index", r.reason());
        }
    }

    @Override
    public void close() {
        ingester.close();
        deadLetters.close();
    }

    /** Sorts bulk results; runs on the ingester's threads. */
    private final class Listener implements BulkListener<IndexOp> {

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<IndexOp> contexts) {
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<IndexOp> contexts, BulkResponse response) {
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                if (item.error() == null) {
                    continue;
                }
                if (item.status() == 429 || item.status() >= 500) {
                    retry.add(contexts.get(i));
                } else {
                    rejected.add(new Rejected(contexts.get(i), item.status() + " " + item.error().type() + ": " + item.error().reason()));
                }
            }
            sorted(contexts.size());
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<IndexOp> contexts, Throwable failure) {
            LOG.warn("Bulk request of {} items failed ({}); retrying", contexts.size(), failure.getClass().getSimpleName());
            retry.addAll(contexts);
            sorted(contexts.size());
        }
    }
}
