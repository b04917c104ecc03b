package io.countersign.processors.topology;

import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;

import java.time.Instant;

/**
 * Makes unchained audit events; {@link AuditChainProcessor} fills in partition, sequence and hashes.
 * Every event carries only masked data: intent summaries, never raw parameters.
 */
final class AuditEvents {

    private AuditEvents() {
    }

    static AuditRecord event(String intentId, AuditEventType type, Instant at, String actor, String note, Object event) {
        return AuditRecord.newBuilder()
                .setIntentId(intentId)
                .setEventType(type)
                .setOccurredAt(at)
                .setActor(actor)
                .setNote(note)
                .setEvent(event)
                .setChainPartition(-1)
                .setSequence(-1)
                .setPrevHash("")
                .setHash("")
                .build();
    }
}
