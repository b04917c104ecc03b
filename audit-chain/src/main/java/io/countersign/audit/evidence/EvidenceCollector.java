package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogReader;
import io.countersign.audit.AuditLogRecord;
import io.countersign.schema.AuditCheckpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads what an evidence bundle for a period needs from the audit log in Kafka ({@code countersign.audit} and
 * {@code countersign.audit-checkpoints}, through {@link AuditLogReader}): per partition, every record from the signed
 * checkpoint before the period's first record to the signed checkpoint at or after its last one ({@link ChainSlice}),
 * and the records of the period itself (for {@link EvidenceReport}); then writes the bundle with {@link EvidenceWriter}.
 * Shared by {@code countersign audit evidence} and the dashboards' evidence download. Reads only.
 */
public final class EvidenceCollector {

    /** The slices to bundle and the records that occurred in the period. */
    public record Collected(List<ChainSlice> slices, List<AuditLogRecord> inPeriod) {
    }

    private EvidenceCollector() {
    }

    /** Reads the period [{@code from}, {@code to}); {@code notes} hears one line per partition, and a warning when one is not sealed yet. */
    public static Collected collect(AuditLogReader reader, String auditTopic, String checkpointTopic, Instant from, Instant to,
                                    Consumer<String> notes) {
        List<ChainSlice> slices = new ArrayList<>();
        List<AuditLogRecord> inPeriod = new ArrayList<>();
        List<AuditCheckpoint> checkpoints = reader.checkpoints(checkpointTopic);
        for (int p : reader.partitions(auditTopic)) {
            long[] range = range(reader.read(auditTopic, p, 0), from, to);
            if (range == null) {
                continue;
            }
            List<AuditCheckpoint> mine = checkpoints.stream().filter(c -> c.getChainPartition() == p)
                    .sorted(Comparator.comparingLong(AuditCheckpoint::getLastSequence)).toList();
            AuditCheckpoint start = mine.stream().filter(c -> c.getLastSequence() < range[0]).reduce((a, b) -> b).orElse(null);
            AuditCheckpoint stop = mine.stream().filter(c -> c.getLastSequence() >= range[1]).findFirst().orElse(null);
            List<AuditLogRecord> records = new ArrayList<>();
            for (Iterator<AuditLogRecord> it = reader.read(auditTopic, p, 0); it.hasNext(); ) {
                AuditLogRecord r = it.next();
                long seq = r.readable() ? r.sequence() : -1;
                if (seq > (start == null ? -1 : start.getLastSequence()) && (stop == null || seq <= stop.getLastSequence())) {
                    records.add(r);
                    if (seq >= range[0] && seq <= range[1]) {
                        inPeriod.add(r);
                    }
                }
            }
            if (stop == null) {
                notes.accept(String.format("warning: partition %d has no signed checkpoint after the period yet; the bundle cannot prove its"
                        + " completeness (verify-evidence will say so): make it again after the next checkpoint", p));
            }
            slices.add(new ChainSlice(p, start, stop, records));
            notes.accept(String.format("partition %d: %,d records (sequences %d..%d of the period), bracketed by checkpoints at %s and %s", p,
                    records.size(), range[0], range[1], start == null ? "the chain's start" : start.getLastSequence(),
                    stop == null ? "none yet" : stop.getLastSequence()));
        }
        return new Collected(slices, inPeriod);
    }

    /** Collects the period and writes its bundle (records, checkpoints, {@code keys}, manifest, report.html) to {@code out}. */
    public static Collected write(AuditLogReader reader, String auditTopic, String checkpointTopic, Instant from, Instant to,
                                  Map<String, PublicKey> keys, Consumer<String> notes, OutputStream out) throws IOException {
        Collected c = collect(reader, auditTopic, checkpointTopic, from, to, notes);
        EvidenceWriter.write(from, to, c.slices(), keys, EvidenceReport.html(from, to, c.inPeriod()), out);
        return c;
    }

    /** The first and last sequence of the records that occurred in [from, to), or null when none did. */
    private static long[] range(Iterator<AuditLogRecord> records, Instant from, Instant to) {
        long first = -1;
        long last = -1;
        while (records.hasNext()) {
            AuditLogRecord r = records.next();
            if (!r.readable()) {
                continue;
            }
            Instant at = Instant.ofEpochMilli(((Number) r.record().get("occurredAt")).longValue());
            if (!at.isBefore(from) && at.isBefore(to)) {
                first = first < 0 ? r.sequence() : first;
                last = r.sequence();
            }
        }
        return first < 0 ? null : new long[] {first, last};
    }
}
