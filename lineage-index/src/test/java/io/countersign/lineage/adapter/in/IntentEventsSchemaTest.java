package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.IntentEvent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schema.IntentSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IntentEventsSchemaTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    private static AuditRecord record(AuditEventType type, long sequence, Object event) {
        return AuditRecord.newBuilder().setIntentId("i-1").setEventType(type).setOccurredAt(AT).setEvent(event)
                .setChainPartition(0).setSequence(sequence).setPrevHash("0".repeat(64)).setHash("a".repeat(64)).build();
    }

    @Test
    void targetsAndOutputsAreTakenInCanonicalFormSoUsageAndExecutionLineageMeetTheLabels() {
        IntentSummary s = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(AT)
                .setAgent(AgentRef.newBuilder().setId("agent:x").build()).setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:x")).setAction("db.export")
                .setTargets(List.of("PG://CRM:5432/Customers/", "pg://crm/cu\u0000stomers")).setEnvironment("prod")
                .setMaskedParameters(Map.of()).build();
        IntentEvent received = IntentEventsSchema.of(record(AuditEventType.RECEIVED, 1, s));
        assertThat(received.targets).as("a spelling with no canonical form stays as it was").containsExactly("pg://crm/customers", "pg://crm/cu\u0000stomers");
        ExecutionReport x = ExecutionReport.newBuilder().setIntentId("i-1").setAgentId("agent:x").setStatus(ExecutionStatus.SUCCEEDED)
                .setExecutedHash("h").setOutputDatasets(List.of("S3://Reports//Q3/")).setReportedAt(AT).build();
        assertThat(IntentEventsSchema.of(record(AuditEventType.EXECUTION, 2, x)).outputs).containsExactly("s3://reports/Q3");
    }
}
