package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.audit.AuditSigner;
import io.countersign.audit.ChainVerifier;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Verifies one intent's audit records against the log in Kafka ({@code countersign.audit}), not the
 * index: from the signed checkpoint before the intent's first record (or the chain's start) to the
 * first signed checkpoint at or after its last record, every record must link, carry the next
 * sequence and hash to its stored hash; both checkpoints must be validly signed by a known key and
 * match the chain; and the index's copy of the intent's records must carry the log's hashes.
 */
public final class RecordVerifier {

    private final Properties consumerProps;
    private final SchemaRegistryClient registry;
    private final Map<String, PublicKey> keys;
    private final IntentDetails details;
    private final Search search;

    public RecordVerifier(Properties consumerProps, SchemaRegistryClient registry, Map<String, PublicKey> keys, Search search) {
        this.consumerProps = consumerProps;
        this.registry = registry;
        this.keys = Map.copyOf(keys);
        this.search = search;
        this.details = new IntentDetails(search);
    }

    /** The verification report per the API, or null when the index knows no records of this intent. */
    public Map<String, Object> verify(String intentId) {
        List<JsonNode> events = details.timeline(intentId);
        if (events.isEmpty()) {
            return null;
        }
        int partition = events.get(0).path("chainPartition").asInt();
        long first = events.get(0).path("sequence").asLong();
        long last = events.get(events.size() - 1).path("sequence").asLong();
        List<Map<String, Object>> findings = new ArrayList<>();
        List<AuditCheckpoint> checkpoints = checkpoints(partition);
        AuditCheckpoint before = checkpoints.stream().filter(c -> c.getLastSequence() < first).max(Comparator.comparingLong(AuditCheckpoint::getLastSequence)).orElse(null);
        AuditCheckpoint after = checkpoints.stream().filter(c -> c.getLastSequence() >= last).min(Comparator.comparingLong(AuditCheckpoint::getLastSequence)).orElse(null);
        long startOffset = 0;
        if (before != null && signatureOk(before, findings)) {
            startOffset = search.get(IntentDetails.EVENTS, partition + "-" + (before.getLastSequence() + 1)).map(d -> d.path("offset").asLong(-1)).orElse(-1L);
        }
        boolean resume = before != null && startOffset > 0;
        long until = after == null ? last : after.getLastSequence();
        Set<Long> remember = after == null ? Set.of() : Set.of(after.getLastSequence());
        ChainVerifier chain = resume ? ChainVerifier.resumingAfter(partition, before.getLastSequence(), before.getHeadHash(), remember)
                : new ChainVerifier(partition, remember);
        Map<Long, String> logHashes = read(partition, resume ? startOffset : 0, until, chain, findings);
        for (JsonNode e : events) {
            long seq = e.path("sequence").asLong();
            String logged = logHashes.get(seq);
            if (logged == null) {
                findings.add(finding(seq, "the log has no record at this sequence"));
            } else if (!logged.equals(e.path("hash").asText())) {
                findings.add(finding(seq, "the index's copy differs from the log (hash " + abbrev(e.path("hash").asText()) + " vs " + abbrev(logged) + ")"));
            }
        }
        Map<String, Object> sealed = null;
        if (after == null) {
            findings.add(finding(last, "no signed checkpoint covers this record yet"));
        } else {
            boolean signed = signatureOk(after, findings);
            if (!chain.hashAt(after.getLastSequence()).orElse("").equals(after.getHeadHash())) {
                findings.add(finding(after.getLastSequence(), "the chain's hash here differs from the signed checkpoint"));
            }
            sealed = new LinkedHashMap<>();
            sealed.put("sequence", after.getLastSequence());
            sealed.put("signedAt", after.getCreatedAt().toString());
            sealed.put("keyId", after.getKeyId());
            sealed.put("signatureValid", signed);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verified", findings.isEmpty());
        out.put("records", events.size());
        out.put("partition", partition);
        out.put("firstSequence", first);
        out.put("lastSequence", last);
        out.put("checkpoint", sealed);
        out.put("findings", findings);
        return out;
    }

    private boolean signatureOk(AuditCheckpoint cp, List<Map<String, Object>> findings) {
        PublicKey key = keys.get(cp.getKeyId());
        if (key == null) {
            findings.add(finding(cp.getLastSequence(), "checkpoint signed with key " + cp.getKeyId() + ", which is not among the configured public keys"));
            return false;
        }
        if (!AuditSigner.verify(cp, key)) {
            findings.add(finding(cp.getLastSequence(), "checkpoint signature is invalid"));
            return false;
        }
        return true;
    }

    /** Reads the chain from {@code offset} through sequence {@code until}, checking each record; returns sequence → hash. */
    private Map<Long, String> read(int partition, long offset, long until, ChainVerifier chain, List<Map<String, Object>> findings) {
        Map<Long, String> hashes = new HashMap<>();
        Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(Topics.AUDIT.name(), partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end && chain.lastSequence() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (chain.lastSequence() >= until) {
                        break;
                    }
                    byte[] v = r.value();
                    try {
                        int id = ByteBuffer.wrap(v, 1, 4).getInt();
                        Schema writer = registry.getById(id);
                        GenericRecord rec = readers.computeIfAbsent(id, k -> new GenericDatumReader<>(writer))
                                .read(null, DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, null));
                        chain.accept(r.offset(), rec, writer).ifPresent(f -> findings.add(finding(f.sequence(), f.kind().name().toLowerCase()
                                + ": " + f.detail())));
                        hashes.put(((Number) rec.get("sequence")).longValue(), String.valueOf(rec.get("hash")));
                    } catch (Exception e) {
                        ChainVerifier.Finding f = chain.unreadable(r.offset(), e.getClass().getSimpleName());
                        findings.add(finding(f.sequence(), "unreadable record at offset " + r.offset()));
                    }
                }
            }
        }
        return hashes;
    }

    private List<AuditCheckpoint> checkpoints(int partition) {
        var deserializer = Topics.AUDIT_CHECKPOINTS.valueSerde(registry).deserializer();
        List<AuditCheckpoint> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> tps = consumer.partitionsFor(Topics.AUDIT_CHECKPOINTS.name(), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    AuditCheckpoint cp = deserializer.deserialize(r.topic(), r.value());
                    if (cp != null && cp.getChainPartition() == partition) {
                        out.add(cp);
                    }
                }
            }
        }
        return out;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<String, Object> finding(long sequence, String problem) {
        return Map.of("sequence", sequence, "problem", problem);
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
