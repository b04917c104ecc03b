package io.countersign.audit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one partition's audit chain record by record, as it is read from Kafka (or from the index), in
 * constant memory: each record must carry the next sequence number, the previous record's hash, and a
 * hash that matches its own content. It remembers the hashes at the sequences that checkpoints name, so
 * signed checkpoints can be matched against the chain afterwards.
 */
public final class ChainVerifier {

    private final int partition;
    private final Set<Long> remember;
    private final Map<Long, String> remembered = new HashMap<>();
    private long expectedSequence = 0;
    private String previousHash = AuditHasher.GENESIS;
    private long count;

    /**
     * @param partition the partition (chain) being read
     * @param remember  sequences whose hashes checkpoints will ask for
     */
    public ChainVerifier(int partition, Set<Long> remember) {
        this.partition = partition;
        this.remember = remember;
    }

    /**
     * A verifier that starts mid-chain, right after {@code sequence} whose hash is {@code hash} — taken
     * from a signed checkpoint, so what follows is checked against a head nobody could have forged.
     */
    public static ChainVerifier resumingAfter(int partition, long sequence, String hash, Set<Long> remember) {
        ChainVerifier v = new ChainVerifier(partition, remember);
        v.expectedSequence = sequence + 1;
        v.previousHash = hash;
        return v;
    }

    /** One problem found in a chain. */
    public record Finding(int partition, long offset, long sequence, Kind kind, String detail) {
        @Override
        public String toString() {
            return "partition " + partition + " offset " + offset + " sequence " + sequence + ": " + kind.text + " — " + detail;
        }
    }

    /** The kinds of damage a chain can show. */
    public enum Kind {
        ALTERED("record content does not match its hash (altered)"),
        BROKEN_LINK("record does not link to the previous record (inserted, removed or reordered)"),
        GAP("sequence numbers are not consecutive (records missing or reordered)"),
        WRONG_CHAIN("record belongs to another partition's chain (moved)"),
        UNREADABLE("record cannot be decoded"),
        BAD_SIGNATURE("checkpoint signature is invalid"),
        UNKNOWN_KEY("checkpoint is signed with an unknown key"),
        CHECKPOINT_MISMATCH("signed checkpoint does not match the chain"),
        TRUNCATED("chain ends before a signed checkpoint (records removed at the end)"),
        INDEX_ALTERED("the index's copy of the record differs from the log"),
        INDEX_MISSING("the index skips a record the log has (deleted from the index)"),
        INDEX_EXTRA("the index has a record the log does not (inserted or duplicated in the index)");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /**
     * Checks the next record of the chain, decoded with its writer's schema.
     *
     * @return the first problem with this record, if any
     */
    public Optional<Finding> accept(long offset, GenericRecord record, Schema writerSchema) {
        count++;
        long sequence = ((Number) record.get("sequence")).longValue();
        int recordPartition = ((Number) record.get("chainPartition")).intValue();
        String stored = String.valueOf(record.get("hash"));
        String prev = String.valueOf(record.get("prevHash"));
        Finding finding = null;
        if (recordPartition != partition) {
            finding = new Finding(partition, offset, sequence, Kind.WRONG_CHAIN, "says chain " + recordPartition);
        } else if (sequence != expectedSequence) {
            finding = new Finding(partition, offset, sequence, Kind.GAP, "expected sequence " + expectedSequence);
        } else if (!prev.equals(previousHash)) {
            finding = new Finding(partition, offset, sequence, Kind.BROKEN_LINK,
                    "prevHash " + abbrev(prev) + " but previous record's hash is " + abbrev(previousHash));
        } else if (!AuditHasher.hash(record, writerSchema).equals(stored)) {
            finding = new Finding(partition, offset, sequence, Kind.ALTERED, "stored hash " + abbrev(stored));
        }
        // Continue from what the record claims, so one bad record is reported once, not at every later one.
        expectedSequence = sequence + 1;
        previousHash = stored;
        if (remember.contains(sequence)) {
            remembered.put(sequence, stored);
        }
        return Optional.ofNullable(finding);
    }

    /** Checks the next record as {@link AuditLogReader} read it: decoded, or unreadable in its place. */
    public Optional<Finding> accept(AuditLogRecord record) {
        return record.readable() ? accept(record.offset(), record.record(), record.writerSchema())
                : Optional.of(unreadable(record.offset(), record.problem()));
    }

    /** A record that could not be decoded still takes its place in the chain. */
    public Finding unreadable(long offset, String why) {
        count++;
        Finding f = new Finding(partition, offset, expectedSequence, Kind.UNREADABLE, why);
        expectedSequence++;
        return f;
    }

    /** The hash the chain had at {@code sequence}, if it was asked to remember it and got there. */
    public Optional<String> hashAt(long sequence) {
        return Optional.ofNullable(remembered.get(sequence));
    }

    /** The last sequence read, or -1 for an empty chain. */
    public long lastSequence() {
        return expectedSequence - 1;
    }

    public long recordsRead() {
        return count;
    }

    public String headHash() {
        return previousHash;
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
