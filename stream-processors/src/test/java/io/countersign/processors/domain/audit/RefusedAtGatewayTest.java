package io.countersign.processors.domain.audit;

import io.countersign.contracts.ids.InvalidIdentifierException;
import io.countersign.processors.domain.gate.MaskedIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.IntentRefusal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A refusal at the gateway as the audit keeps it ({@link MaskedIntent#refusal}) and the event it becomes ({@link AuditEvents#refusedAtGateway}). */
class RefusedAtGatewayTest {

    private static final Instant AT = Instant.parse("2026-12-03T09:00:00Z");

    private static IntentRefusal.Builder refusal() {
        return IntentRefusal.newBuilder().setIntentId("i-1").setRefusedAt(AT)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setKeyId("key-7").setPrincipal("user:bob@example.com").setAction("db.export")
                .setTargets(List.of("pg://crm/customers")).setEnvironment("prod")
                .setError("delegation_not_proven").setReason("delegation token for another actor");
    }

    @Test
    void theEventNamesTheAgentAsActorAndTheErrorAndReasonAsItsNote() {
        IntentRefusal refusal = refusal().build();
        AuditRecord event = AuditEvents.refusedAtGateway(refusal);
        assertThat(event.getIntentId()).isEqualTo("i-1");
        assertThat(event.getEventType()).isEqualTo(AuditEventType.REFUSED_AT_GATEWAY);
        assertThat(event.getOccurredAt()).isEqualTo(AT);
        assertThat(event.getActor()).isEqualTo("agent:exporter");
        assertThat(event.getNote()).isEqualTo("delegation_not_proven: delegation token for another actor");
        assertThat(event.getEvent()).isEqualTo(refusal);
        assertThat(event.getSequence()).as("the chain links it").isEqualTo(-1L);
    }

    @Test
    void anIdThatIsNoIntentIdIsRefused() {
        assertThatThrownBy(() -> AuditEvents.refusedAtGateway(refusal().setIntentId("a\nb").build()))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void theAuditKeepsTheReasonMaskedTargetsWithoutCredentialsAndNoFreeTextOfTheAgent() {
        IntentRefusal masked = MaskedIntent.refusal(refusal()
                .setReason("delegation token refused: password=Hx7-unique-secret")
                .setTargets(List.of("postgres://app:Pq9-unique-secret@db/crm"))
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com")
                        .setFramework("langgraph api_key=Fw8-unique-secret").build())
                .build());
        assertThat(masked.toString()).doesNotContain("Hx7-unique-secret", "Pq9-unique-secret", "Fw8-unique-secret");
        assertThat(masked.getTargets()).singleElement().asString().startsWith("postgres://app:").endsWith("@db/crm");
        assertThat(masked.getPrincipal()).isEqualTo("user:bob@example.com");
        assertThat(masked.getKeyId()).isEqualTo("key-7");
    }
}
