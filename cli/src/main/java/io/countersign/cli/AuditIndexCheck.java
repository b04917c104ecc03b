package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.audit.IndexedCopyCheck;
import io.countersign.contracts.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;

/**
 * Checks the audit index ({@code countersign-audit-events}) against the audit log in Kafka, chain by
 * chain, streaming both sides in sequence order (the log partition by offset, the index page by page
 * with {@code search_after}) through {@link IndexedCopyCheck}: memory stays flat however long the log.
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
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<Integer, IndexedCopyCheck.Result> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (var info : consumer.partitionsFor(auditTopic, Duration.ofSeconds(30))) {
                TopicPartition tp = new TopicPartition(auditTopic, info.partition());
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                out.put(tp.partition(), IndexedCopyCheck.compare(tp.partition(), new LogEntries(consumer, tp, end), new IndexEntries(tp.partition())));
            }
        }
        return out;
    }

    /** One partition of the log, decoded with each record's writer schema, lazily. */
    private final class LogEntries implements Iterator<IndexedCopyCheck.Entry> {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final TopicPartition tp;
        private final long end;
        private final Deque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
        private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();

        LogEntries(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long end) {
            this.consumer = consumer;
            this.tp = tp;
            this.end = end;
        }

        private IndexedCopyCheck.Entry peeked;

        @Override
        public boolean hasNext() {
            while (peeked == null) {
                while (buffer.isEmpty() && consumer.position(tp) < end) {
                    consumer.poll(Duration.ofMillis(500)).forEach(buffer::add);
                }
                if (buffer.isEmpty()) {
                    return false;
                }
                peeked = decode(buffer.poll().value());
            }
            return true;
        }

        @Override
        public IndexedCopyCheck.Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            IndexedCopyCheck.Entry e = peeked;
            peeked = null;
            return e;
        }

        /** The record's chain fields; null for an unreadable record, which the chain check reports and this one skips. */
        private IndexedCopyCheck.Entry decode(byte[] v) {
            try {
                int id = ByteBuffer.wrap(v, 1, 4).getInt();
                Schema writer = registry.getById(id);
                GenericRecord r = readers.computeIfAbsent(id, k -> new GenericDatumReader<>(writer))
                        .read(null, DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, null));
                return new IndexedCopyCheck.Entry(((Number) r.get("chainPartition")).intValue(), ((Number) r.get("sequence")).longValue(),
                        String.valueOf(r.get("intentId")), String.valueOf(r.get("eventType")), String.valueOf(r.get("prevHash")),
                        String.valueOf(r.get("hash")));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
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
