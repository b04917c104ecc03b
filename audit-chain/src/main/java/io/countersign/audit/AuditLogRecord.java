package io.countersign.audit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * One record of the audit log ({@code countersign.audit}) as {@link AuditLogReader} read it: its offset
 * and either the record decoded with the schema it was written with, or why it could not be decoded.
 * An unreadable record still takes its place in its chain, so the verifiers can report it.
 *
 * @param offset       the record's offset in its partition
 * @param record       the decoded record, or null when unreadable
 * @param writerSchema the schema it was written with, or null when unreadable
 * @param problem      why it could not be decoded, or null when readable
 */
public record AuditLogRecord(long offset, GenericRecord record, Schema writerSchema, String problem) {

    static AuditLogRecord decoded(long offset, GenericRecord record, Schema writerSchema) {
        return new AuditLogRecord(offset, record, writerSchema, null);
    }

    static AuditLogRecord unreadable(long offset, String problem) {
        return new AuditLogRecord(offset, null, null, problem);
    }

    public boolean readable() {
        return record != null;
    }

    public long sequence() {
        return ((Number) record.get("sequence")).longValue();
    }

    public String hash() {
        return String.valueOf(record.get("hash"));
    }

    /** The fields the audit index's copy also carries, for {@link IndexedCopyCheck}. */
    public IndexedCopyCheck.Entry indexEntry() {
        return new IndexedCopyCheck.Entry(((Number) record.get("chainPartition")).intValue(), sequence(),
                String.valueOf(record.get("intentId")), String.valueOf(record.get("eventType")), String.valueOf(record.get("prevHash")), hash());
    }
}
