package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogRecord;
import io.countersign.schema.AuditCheckpoint;

import java.util.List;

/**
 * The part of one partition's audit chain an evidence bundle carries: every record after the signed
 * checkpoint {@code start} (null: from the chain's first record) up to and including the signed checkpoint
 * {@code end} (null: the chain was not sealed by a checkpoint after the period yet), so a verifier can prove
 * nothing in between was removed, inserted or altered.
 */
public record ChainSlice(int partition, AuditCheckpoint start, AuditCheckpoint end, List<AuditLogRecord> records) {

    public ChainSlice {
        records = List.copyOf(records);
    }
}
