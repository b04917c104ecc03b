package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.audit.AuditLogReader;
import io.countersign.audit.AuditLogRecord;
import io.countersign.audit.IndexedCopyCheck;
import io.countersign.contracts.registry.SchemaRegistryClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;

/**
 * Checks the audit index ({@code countersign-audit-events}) against the audit log in Kafka, chain by
 * chain, streaming both sides in sequence order (the log partition by offset, the index page by page
 * with {@code search_after}; the log through {@link AuditLogReader}) through {@link IndexedCopyCheck}: memory
 * stays flat however long the log.
 */
final class AuditIndexCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2_000;
    private final Properties consumerProps;
    private final SchemaRegistryClient registry;
    private final OpenSearchClient openSearch;
    private final String auditTopic;

    AuditIndexCheck(Properties consumerProps, SchemaRegistryClient registry, OpenSearchClient openSearch, String auditTopic) {
        this.consumerProps = consumerProps;
        this.registry = registry;
        this.openSearch = openSearch;
        this.auditTopic = auditTopic;
    }

    Map<Integer, IndexedCopyCheck.Result> check() {
        Map<Integer, IndexedCopyCheck.Result> out = new HashMap<>();
        try (AuditLogReader reader = AuditLogReader.open(consumerProps, registry)) {
            for (int p : reader.partitions(auditTopic)) {
                out.put(p, IndexedCopyCheck.compare(p, logEntries(reader.read(auditTopic, p, 0)), new IndexEntries(p)));
            }
        }
        return out;
    }

    /** One partition of the log, lazily; unreadable records are skipped here (the chain check reports them). */
    private static Iterator<IndexedCopyCheck.Entry> logEntries(Iterator<AuditLogRecord> records) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED), false)
                .filter(AuditLogRecord::readable).map(AuditLogRecord::indexEntry).iterator();
    }

    /** One chain's records in the index, in sequence order, a page at a time. */
    private final class IndexEntries implements Iterator<IndexedCopyCheck.Entry> {
        private final int partition;
        private final Deque<IndexedCopyCheck.Entry> buffer = new ArrayDeque<>();
        private List<Object> after;
        private boolean exhausted;

        IndexEntries(int partition) {
            this.partition = partition;
        }

        @Override
        public boolean hasNext() {
            if (buffer.isEmpty() && !exhausted) {
                fetch();
            }
            return !buffer.isEmpty();
        }

        @Override
        public IndexedCopyCheck.Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.poll();
        }

        private void fetch() {
            Map<String, Object> body = new HashMap<>(Map.of("size", PAGE, "query", Map.of("term", Map.of("chainPartition", partition)),
                    "sort", List.of(Map.of("sequence", "asc"), Map.of("_id", "asc"))));
            if (after != null) {
                body.put("search_after", after);
            }
            try (Response r = openSearch.generic().execute(Requests.builder().method("POST").endpoint("/countersign-audit-events/_search")
                    .json(JSON.writeValueAsString(body)).build())) {
                if (r.getStatus() >= 300) {
                    throw new IOException("OpenSearch answered HTTP " + r.getStatus() + " reading countersign-audit-events");
                }
                JsonNode hits = JSON.readTree(r.getBody().orElseThrow().bodyAsBytes()).path("hits").path("hits");
                for (JsonNode h : hits) {
                    JsonNode s = h.path("_source");
                    buffer.add(new IndexedCopyCheck.Entry(s.path("chainPartition").asInt(), s.path("sequence").asLong(), s.path("intentId").asText(null),
                            s.path("eventType").asText(null), s.path("prevHash").asText(null), s.path("hash").asText(null)));
                    after = List.of(h.path("sort").get(0).asLong(), h.path("sort").get(1).asText());
                }
                exhausted = hits.size() < PAGE;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
