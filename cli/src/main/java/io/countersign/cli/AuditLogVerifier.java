package io.countersign.cli;

import io.countersign.audit.AuditLogReader;
import io.countersign.audit.AuditLogRecord;
import io.countersign.audit.ChainVerifier.Finding;
import io.countersign.audit.ChainVerifier;
import io.countersign.audit.CheckpointVerifier;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.schema.AuditCheckpoint;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the whole audit topic and its checkpoints from Kafka ({@link AuditLogReader}) and verifies every
 * chain ({@link ChainVerifier}): links, sequence numbers, content hashes, and each signed checkpoint
 * against the chain ({@link CheckpointVerifier}).
 */
final class AuditLogVerifier {

    private final Properties consumerProps;
    private final SchemaRegistryClient registry;
    private final CheckpointVerifier checkpointVerifier;
    private final String auditTopic;
    private final String checkpointTopic;

    /**
     * @param auditTopic      the audit log to verify: the catalogue's, or a copy (a mirror, a restore)
     * @param checkpointTopic where its signed checkpoints are
     */
    AuditLogVerifier(Properties consumerProps, SchemaRegistryClient registry, Map<String, PublicKey> keys,
                     String auditTopic, String checkpointTopic) {
        this.consumerProps = consumerProps;
        this.registry = registry;
        this.checkpointVerifier = new CheckpointVerifier(keys);
        this.auditTopic = auditTopic;
        this.checkpointTopic = checkpointTopic;
    }

    /** The outcome: records read per partition, checkpoints verified, and every finding. */
    record Report(Map<Integer, Long> recordsPerPartition, int checkpointsVerified, List<Finding> findings) {
        boolean intact() {
            return findings.isEmpty();
        }
    }

    Report verify(Consumer<String> progress) {
        List<Finding> findings = new ArrayList<>();
        Map<Integer, ChainVerifier> chains = new HashMap<>();
        List<AuditCheckpoint> checkpoints;
        try (AuditLogReader reader = AuditLogReader.open(consumerProps, registry)) {
            checkpoints = reader.checkpoints(checkpointTopic);
            Map<Integer, Set<Long>> wanted = new HashMap<>();
            checkpoints.forEach(cp -> wanted.computeIfAbsent(cp.getChainPartition(), p -> new HashSet<>()).add(cp.getLastSequence()));
            for (int p : reader.partitions(auditTopic)) {
                Iterator<AuditLogRecord> records = reader.read(auditTopic, p, 0);
                while (records.hasNext()) {
                    ChainVerifier chain = chains.computeIfAbsent(p, k -> new ChainVerifier(k, wanted.getOrDefault(k, Set.of())));
                    chain.accept(records.next()).ifPresent(findings::add);
                    if (chain.recordsRead() % 10_000 == 0) {
                        progress.accept("partition " + p + ": " + chain.recordsRead() + " records checked");
                    }
                }
            }
        }
        int verified = 0;
        for (AuditCheckpoint cp : checkpoints) {
            var problem = checkpointVerifier.check(cp, chains.get(cp.getChainPartition()));
            if (problem.isPresent()) {
                findings.add(problem.get());
            } else {
                verified++;
            }
        }
        Map<Integer, Long> counts = new HashMap<>();
        chains.forEach((p, c) -> counts.put(p, c.recordsRead()));
        return new Report(counts, verified, findings);
    }
}
