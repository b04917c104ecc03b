package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import java.time.Instant;

/**
 * One audit record as {@link EvidenceReport} reads it: event type, intent, when, actor, note and the event it
 * carries, from the generic record the log reader decoded with its writer schema. Fields are read by name
 * and an absent one reads as null, because records written with older schemas lack newer fields (such as a
 * decision's {@code authentication}).
 */
record ReportEntry(String type, String intent, Instant at, String actor, String note, GenericRecord event) {

    /** The entry of {@code r}; null when the record could not be decoded (the verifiers report those). */
    static ReportEntry of(AuditLogRecord r) {
        if (!r.readable()) {
            return null;
        }
        GenericRecord a = r.record();
        return new ReportEntry(String.valueOf(a.get("eventType")), String.valueOf(a.get("intentId")),
                Instant.ofEpochMilli(((Number) a.get("occurredAt")).longValue()), text(a.get("actor")), text(a.get("note")),
                a.get("event") instanceof GenericRecord e ? e : null);
    }

    /** The event's field {@code name} as text; empty when there is no event, no such field, or it is null. */
    String eventText(String name) {
        return text(field(event, name));
    }

    /** Field {@code name} of {@code r}, or null when {@code r} is null or its schema has no such field. */
    static Object field(GenericRecord r, String name) {
        if (r == null) {
            return null;
        }
        Schema.Field f = r.getSchema().getField(name);
        return f == null ? null : r.get(f.pos());
    }

    static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
