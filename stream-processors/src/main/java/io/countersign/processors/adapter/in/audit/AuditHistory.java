package io.countersign.processors.adapter.in.audit;

import io.countersign.audit.AuditLogReader;
import io.countersign.audit.AuditLogRecord;
import io.countersign.processors.domain.policy.replay.PastDecision;
import io.countersign.processors.domain.policy.RecordedDelegation;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;
import io.countersign.schema.Effect;
import org.apache.avro.generic.GenericRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The policy decisions of a period as the audit log ({@code countersign.audit}) recorded them: each intent's
 * RECEIVED record (the intent, parameters masked) paired with its CLASSIFIED record (each target's labels at
 * that moment, the effect and the matching rules), read partition by partition with {@link AuditLogReader}
 * (records decoded with the schema they were written with, so old records replay too). Unreadable records and
 * intents with only one of the two are skipped. Reads only; writes nothing.
 */
public final class AuditHistory {

    private AuditHistory() {
    }

    /** Every past decision in {@code topic} whose intent occurred in [{@code from}, {@code to}) and passes {@code filter}. */
    public static Iterator<PastDecision> read(AuditLogReader reader, String topic, Instant from, Instant to, Predicate<ActionIntent> filter) {
        List<Integer> partitions = reader.partitions(topic);
        return new Iterator<>() {
            private int partition = -1;
            private Iterator<AuditLogRecord> records = java.util.Collections.emptyIterator();
            private final Map<String, GenericRecord> received = new HashMap<>();
            private PastDecision next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (!records.hasNext()) {
                        if (++partition >= partitions.size()) {
                            return false;
                        }
                        received.clear(); // RECEIVED and CLASSIFIED of one intent share its chain partition
                        records = reader.read(topic, partitions.get(partition), 0);
                        continue;
                    }
                    next = accept(records.next());
                }
                return true;
            }

            @Override
            public PastDecision next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PastDecision out = next;
                next = null;
                return out;
            }

            private PastDecision accept(AuditLogRecord r) {
                if (!r.readable() || !(r.record().get("event") instanceof GenericRecord event)) {
                    return null;
                }
                String type = String.valueOf(r.record().get("eventType"));
                String intentId = String.valueOf(r.record().get("intentId"));
                if (type.equals("RECEIVED")) {
                    received.put(intentId, event);
                    return null;
                }
                GenericRecord summary = type.equals("CLASSIFIED") ? received.remove(intentId) : null;
                if (summary == null) {
                    return null;
                }
                ActionIntent intent = intent(summary);
                Instant at = intent.getOccurredAt();
                return at.isBefore(from) || !at.isBefore(to) || !filter.test(intent) ? null : decision(intent, event);
            }
        };
    }

    private static PastDecision decision(ActionIntent intent, GenericRecord classification) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (Object d : list(classification.get("datasets"))) {
            GenericRecord dataset = (GenericRecord) d;
            List<String> names = new ArrayList<>();
            list(dataset.get("labels")).forEach(l -> names.add(String.valueOf(((GenericRecord) l).get("label"))));
            labels.put(String.valueOf(dataset.get("dataset")), names);
        }
        List<String> rules = new ArrayList<>();
        list(classification.get("matchedRules")).forEach(m -> rules.add(String.valueOf(((GenericRecord) m).get("id"))));
        return new PastDecision(intent.getIntentId(), intent.getOccurredAt(), intent, labels,
                Effect.valueOf(String.valueOf(classification.get("effect"))), rules, String.valueOf(classification.get("policyVersion")));
    }

    /** The intent as the policy sees it, from the audit's summary (its parameters are the masked ones). */
    static ActionIntent intent(GenericRecord s) {
        GenericRecord agent = (GenericRecord) s.get("agent");
        GenericRecord destination = (GenericRecord) s.get("destination");
        Map<String, String> parameters = new LinkedHashMap<>();
        if (s.get("maskedParameters") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> parameters.put(String.valueOf(k), String.valueOf(v)));
        }
        Object occurred = s.get("occurredAt");
        return ActionIntent.newBuilder().setIntentId(String.valueOf(s.get("intentId")))
                .setOccurredAt(Instant.ofEpochMilli(millis(occurred)))
                .setAgent(AgentRef.newBuilder().setId(text(agent.get("id"))).setFramework(text(agent.get("framework")))
                        .setOwner(text(agent.get("owner"))).build())
                .setPrincipal(text(s.get("principal"))).setDelegationChain(list(s.get("delegationChain")).stream().map(String::valueOf).toList())
                .setAction(text(s.get("action"))).setTargets(list(s.get("targets")).stream().map(String::valueOf).toList())
                .setDestination(destination == null ? null : Destination.newBuilder().setUri(text(destination.get("uri")))
                        .setExternal(Boolean.TRUE.equals(destination.get("external"))).build())
                .setParameters(parameters).setReason(text(s.get("reason"))).setEnvironment(text(s.get("environment")))
                .setDelegation(s.getSchema().getField("delegation") != null && s.get("delegation") instanceof GenericRecord d
                        ? RecordedDelegation.of(text(d.get("issuer")), text(d.get("subject")), text(d.get("actor")),
                        Instant.ofEpochMilli(millis(d.get("verifiedAt"))))
                        : null)
                .build();
    }

    private static long millis(Object timestamp) {
        return timestamp instanceof Instant i ? i.toEpochMilli() : ((Number) timestamp).longValue();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
