package io.countersign.cli;

import io.countersign.audit.AuditLogReader;
import io.countersign.audit.AuditLogRecord;
import io.countersign.audit.evidence.ChainSlice;
import io.countersign.audit.evidence.EvidenceReport;
import io.countersign.audit.evidence.EvidenceWriter;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AuditCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code countersign audit evidence}: writes a self-contained evidence bundle for a period ({@link EvidenceWriter}):
 * per partition, every audit record from the signed checkpoint before the period's first record to the signed
 * checkpoint after its last one, those checkpoints, the public keys that signed them, a manifest of hashes and a
 * human-readable report ({@link EvidenceReport}). {@code countersign audit verify-evidence} checks it offline.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = {"Writes an audit evidence bundle (zip) for a period: the audit records and the signed checkpoints that bracket",
                "them, the public keys, a manifest with the SHA-256 of every file, and report.html (reviews with approvers and reasons,",
                "denials, refused decisions, violations, rubber-stamp flags, time to decision by rule, policy versions).",
                "Check it anywhere with: countersign audit verify-evidence FILE.",
                "Example: countersign audit evidence --from 2026-07-01T00:00:00Z --to 2026-10-01T00:00:00Z --out q3-evidence.zip"})
final class AuditEvidenceCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "Start of the period (ISO-8601).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of the period, exclusive (default: now).")
    Instant to;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle to write (zip).")
    Path out;

    @Option(names = "--public-key", paramLabel = "PEM",
            description = "Public key(s) that sign checkpoints (default: audit-signing-key.pub.pem in .countersign/data/keys).")
    List<Path> publicKeys;

    @Option(names = "--audit-topic", defaultValue = "countersign.audit", description = "The audit topic (default: ${DEFAULT-VALUE}).")
    String auditTopic;

    @Option(names = "--checkpoint-topic", defaultValue = "countersign.audit-checkpoints",
            description = "Its signed checkpoints (default: ${DEFAULT-VALUE}).")
    String checkpointTopic;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Instant end = to != null ? to : Instant.now();
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path f : publicKeys != null ? publicKeys : List.of(Path.of(".countersign/data/keys/audit-signing-key.pub.pem"))) {
            PublicKey k = Ed25519Keys.readPublicKey(f);
            keys.put(Ed25519Keys.keyId(k), k);
        }
        List<ChainSlice> slices = new ArrayList<>();
        List<AuditLogRecord> inPeriod = new ArrayList<>();
        try (AuditLogReader reader = AuditLogReader.open(config.kafka().clientProperties(Map.of()), Registries.client(config.registry()))) {
            List<AuditCheckpoint> checkpoints = reader.checkpoints(checkpointTopic);
            for (int p : reader.partitions(auditTopic)) {
                long[] range = range(reader.read(auditTopic, p, 0), from, end);
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
                    err.printf("warning: partition %d has no signed checkpoint after the period yet; the bundle cannot prove its"
                            + " completeness (verify-evidence will say so): make it again after the next checkpoint%n", p);
                }
                slices.add(new ChainSlice(p, start, stop, records));
                err.printf("partition %d: %,d records (sequences %d..%d of the period), bracketed by checkpoints at %s and %s%n", p,
                        records.size(), range[0], range[1], start == null ? "the chain's start" : start.getLastSequence(),
                        stop == null ? "none yet" : stop.getLastSequence());
            }
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            EvidenceWriter.write(from, end, slices, keys, EvidenceReport.html(from, end, inPeriod), o);
        }
        spec.commandLine().getOut().printf("wrote %s: %,d records of the period in %d partitions%n", out, inPeriod.size(), slices.size());
        spec.commandLine().getOut().flush();
        err.flush();
        return 0;
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
