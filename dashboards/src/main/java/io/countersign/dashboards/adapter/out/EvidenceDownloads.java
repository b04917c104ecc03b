package io.countersign.dashboards.adapter.out;

import io.countersign.audit.AuditLogReader;
import io.countersign.audit.evidence.EvidenceCollector;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * The evidence bundle for a period, for an auditor to download: the same zip {@code countersign audit evidence}
 * writes ({@link EvidenceCollector}: records of {@code countersign.audit} between the signed checkpoints of
 * {@code countersign.audit-checkpoints} that bracket the period, the configured public keys
 * ({@code dashboards.auditPublicKeys}), manifest and report), read from Kafka with the dashboards' own Kafka and
 * registry settings. Reads only.
 */
public final class EvidenceDownloads {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceDownloads.class);
    private final Properties consumerProps;
    private final SchemaRegistryClient registry;
    private final Map<String, PublicKey> keys;

    public EvidenceDownloads(Properties consumerProps, SchemaRegistryClient registry, Map<String, PublicKey> keys) {
        this.consumerProps = consumerProps;
        this.registry = registry;
        this.keys = Map.copyOf(keys);
    }

    /** Whether public keys are configured: without them the bundle could not prove its checkpoints' signatures. */
    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    /** Writes the bundle of [{@code from}, {@code to}) to {@code out}; returns how many records of the period it holds. */
    public int write(Instant from, Instant to, OutputStream out) throws IOException {
        try (AuditLogReader reader = AuditLogReader.open(consumerProps, registry)) {
            return EvidenceCollector.write(reader, Topics.AUDIT.name(), Topics.AUDIT_CHECKPOINTS.name(), from, to, keys, LOG::info, out)
                    .inPeriod().size();
        }
    }
}
