package io.countersign.processors.domain.audit;

import io.countersign.contracts.ids.IntentId;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.IntentRefusal;

import java.time.Instant;
import java.util.List;

/**
 * Makes unchained audit events, and the batches they travel in to the chain; the audit chain processor
 * fills in partition, sequence and hashes.
 * Every event carries only masked data: intent summaries, never raw parameters.
 */
public final class AuditEvents {

    private AuditEvents() {
    }

    public static AuditRecord event(String intentId, AuditEventType type, Instant at, String actor, String note, Object event) {
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

    /**
     * The {@code REFUSED_AT_GATEWAY} event of an intent the ingest gateway refused for its principal, from the
     * refusal as the audit keeps it ({@code MaskedIntent.refusal}): the agent is the actor, and the note is the
     * error code and the reason, so the timeline and the index's full text say why without the event. An id
     * that is not an intent id is refused here ({@link IntentId#parse}), as the gate refuses it in an intent.
     */
    public static AuditRecord refusedAtGateway(IntentRefusal refusal) {
        String intentId = IntentId.parse(refusal.getIntentId()).value();
        return event(intentId, AuditEventType.REFUSED_AT_GATEWAY, refusal.getRefusedAt(), refusal.getAgent().getId(),
                refusal.getError() + ": " + refusal.getReason(), refusal);
    }

    /** The events one step wrote together, in order; the chain links them one after the other. */
    public static AuditRecordBatch batch(List<AuditRecord> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an audit batch holds at least one event");
        }
        return AuditRecordBatch.newBuilder().setEvents(List.copyOf(events)).build();
    }

    /** The first-wins gate's decision: the chain writes its verdict or request if it is the intent's first ({@code delivers}). */
    public static AuditRecordBatch delivering(List<AuditRecord> events) {
        AuditRecordBatch batch = batch(events);
        batch.setDelivers(true);
        return batch;
    }
}
