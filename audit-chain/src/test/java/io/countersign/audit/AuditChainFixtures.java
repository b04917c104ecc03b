package io.countersign.audit;

import io.countersign.schema.AgentRef;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.IntentSummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds correctly chained audit records for tests. */
final class AuditChainFixtures {

    private AuditChainFixtures() {
    }

    /** {@code n} records of one partition's chain, each properly linked and hashed. */
    static List<AuditRecord> chain(int partition, int n) {
        List<AuditRecord> out = new ArrayList<>();
        String prev = AuditHasher.GENESIS;
        for (int i = 0; i < n; i++) {
            AuditRecord r = unchained("intent-" + i, i % 2 == 0 ? AuditEventType.RECEIVED : AuditEventType.VERDICT);
            r.setChainPartition(partition);
            r.setSequence(i);
            r.setPrevHash(prev);
            r.setHash(AuditHasher.hash(r));
            prev = r.getHash();
            out.add(r);
        }
        return out;
    }

    static AuditRecord unchained(String intentId, AuditEventType type) {
        IntentSummary summary = IntentSummary.newBuilder()
                .setIntentId(intentId)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export")
                .setTargets(List.of("pg://crm/customers"))
                // Several entries so that map ordering would matter if it were not canonicalised.
                .setMaskedParameters(new java.util.HashMap<>(Map.of("table", "customers", "format", "csv",
                        "limit", "1000", "where", "country = '***'")))
                .build();
        return AuditRecord.newBuilder()
                .setIntentId(intentId)
                .setEventType(type)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_123L))
                .setActor("agent:exporter")
                .setEvent(summary)
                .setChainPartition(0).setSequence(0).setPrevHash("").setHash("")
                .build();
    }
}
