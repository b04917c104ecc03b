package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.audit.AuditLogReader;
import io.countersign.audit.AuditLogRecord;
import io.countersign.audit.ChainVerifier;
import io.countersign.audit.CheckpointVerifier;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.AuditCheckpoint;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
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
 * match the chain; and the index's copy of the intent's records must carry the log's hashes. Reads
 * through {@link AuditLogReader} and checks with {@link ChainVerifier} and {@link CheckpointVerifier},
 * as {@code countersign audit verify} does.
 */
public final class RecordVerifier {

    private final Properties consumerProps;
    private final SchemaRegistryClient registry;
    private final CheckpointVerifier checkpoints;
    private final IntentDetails details;
    private final Search search;

    public RecordVerifier(Properties consumerProps, SchemaRegistryClient registry, Map<String, PublicKey> keys, Search search) {
        this.consumerProps = consumerProps;
        this.registry = registry;
        this.checkpoints = new CheckpointVerifier(keys);
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
        List<AuditCheckpoint> checkpoints;
        try (AuditLogReader reader = AuditLogReader.open(consumerProps, registry)) {
            checkpoints = reader.checkpoints(Topics.AUDIT_CHECKPOINTS.name()).stream().filter(c -> c.getChainPartition() == partition).toList();
        }
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
            if (!CheckpointVerifier.sealsChain(after, chain)) {
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
        return checkpoints.signature(cp).map(f -> findings.add(finding(cp.getLastSequence(), f.kind() == ChainVerifier.Kind.UNKNOWN_KEY
                ? "checkpoint signed with key " + cp.getKeyId() + ", which is not among the configured public keys"
                : "checkpoint signature is invalid"))).isEmpty();
    }

    /** Reads the chain from {@code offset} through sequence {@code until}, checking each record; returns sequence → hash. */
    private Map<Long, String> read(int partition, long offset, long until, ChainVerifier chain, List<Map<String, Object>> findings) {
        Map<Long, String> hashes = new HashMap<>();
        try (AuditLogReader reader = AuditLogReader.open(consumerProps, registry)) {
            Iterator<AuditLogRecord> records = reader.read(Topics.AUDIT.name(), partition, offset);
            while (chain.lastSequence() < until && records.hasNext()) {
                AuditLogRecord r = records.next();
                chain.accept(r).ifPresent(f -> findings.add(finding(f.sequence(), r.readable()
                        ? f.kind().name().toLowerCase() + ": " + f.detail() : "unreadable record at offset " + r.offset())));
                if (r.readable()) {
                    hashes.put(r.sequence(), r.hash());
                }
            }
        }
        return hashes;
    }

    private static Map<String, Object> finding(long sequence, String problem) {
        return Map.of("sequence", sequence, "problem", problem);
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
