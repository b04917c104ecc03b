package io.countersign.mcpgateway.it;

import io.countersign.audit.AuditLogReader;
import io.countersign.audit.AuditLogRecord;
import io.countersign.audit.ChainVerifier;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.testing.ProvisionedStack;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit log ({@code countersign.audit}) as one test pipeline wrote it, read with the audit-chain module's
 * {@link AuditLogReader} and checked as {@code countersign audit verify} checks it ({@link ChainVerifier}: links,
 * sequence numbers, content hashes). Other tests' pipelines share the broker's audit topic with chains of their
 * own, so reading starts where the topic ended when this pipeline started ({@link #ends}).
 */
final class AuditTrail {

    /** One audit record: its intent, event type, note (e.g. an execution's status) and event (verdict, report, …). */
    record Event(String intentId, String type, String note, GenericRecord event) {
        String field(String name) {
            return event == null || event.get(name) == null ? null : String.valueOf(event.get(name));
        }
    }

    private final List<Event> events;
    private final List<String> findings;

    private AuditTrail(List<Event> events, List<String> findings) {
        this.events = List.copyOf(events);
        this.findings = List.copyOf(findings);
    }

    /** Where each audit partition ends now: a pipeline started after this begins its chains there. */
    static Map<Integer, Long> ends(ProvisionedStack stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(stack.kafka().clientProperties(Map.of()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }

    /** Every audit record from {@code from} (partition to offset) to the end now, with every chain checked. */
    static AuditTrail read(ProvisionedStack stack, Map<Integer, Long> from) {
        List<Event> events = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        try (AuditLogReader reader = AuditLogReader.open(stack.kafka().clientProperties(Map.of()), stack.registry())) {
            for (int p : reader.partitions(Topics.AUDIT.name())) {
                ChainVerifier chain = new ChainVerifier(p, Set.of());
                for (Iterator<AuditLogRecord> it = reader.read(Topics.AUDIT.name(), p, from.getOrDefault(p, 0L)); it.hasNext(); ) {
                    AuditLogRecord r = it.next();
                    chain.accept(r).ifPresent(f -> findings.add(f.toString()));
                    if (r.readable()) {
                        GenericRecord rec = r.record();
                        events.add(new Event(String.valueOf(rec.get("intentId")), String.valueOf(rec.get("eventType")),
                                rec.get("note") == null ? null : String.valueOf(rec.get("note")), (GenericRecord) rec.get("event")));
                    }
                }
            }
        }
        return new AuditTrail(events, findings);
    }

    /** What a verifier found wrong with the chains: empty when {@code audit verify} would say INTACT. */
    List<String> findings() {
        return findings;
    }

    /** The records of {@code intentId}, in chain order. */
    List<Event> of(String intentId) {
        return events.stream().filter(e -> e.intentId().equals(intentId)).toList();
    }

    /** The intent id of the (last) RECEIVED intent with {@code action} whose targets mention {@code targetPart}. */
    Optional<String> intentOf(String action, String targetPart) {
        return events.stream().filter(e -> e.type().equals("RECEIVED") && action.equals(e.field("action"))
                && String.valueOf(e.event().get("targets")).contains(targetPart)).map(Event::intentId).reduce((a, b) -> b);
    }
}
