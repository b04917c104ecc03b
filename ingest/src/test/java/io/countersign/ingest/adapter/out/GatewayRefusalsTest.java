package io.countersign.ingest.adapter.out;

import io.countersign.approvals.domain.Identity;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.PrincipalRefusal;
import io.countersign.ingest.domain.Principals;
import io.countersign.ingest.domain.Role;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;
import io.countersign.schema.IntentRefusal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the gateway records of an intent it refuses for its principal: who, for whom, what and why, and nothing the agent wrote freely. */
class GatewayRefusalsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    private static final Credential EXPORTER = new Credential("key-7", Identity.of("agent:exporter"), Identity.of("user:olga@example.com"),
            Set.of(Role.AGENT), null, Principals.parse(List.of("user:alice@example.com")));

    private static ActionIntent intentForBob() {
        return ActionIntent.newBuilder().setIntentId("i-refused").setOccurredAt(NOW.minusMillis(5))
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com")
                        .setFramework("langgraph sk-live-Fw8-framework-secret").setModel("gpt Mo9-model-secret").build())
                .setPrincipal("user:bob@example.com").setDelegationChain(List.of("user:bob@example.com"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers", "pg://crm/orders"))
                .setDestination(Destination.newBuilder().setUri("s3://partner/drop.csv").setExternal(true).build())
                .setParameters(Map.of("password", "Hx7-parameter-secret")).setReason("quarterly, token Rz4-reason-secret")
                .setEnvironment("prod").build();
    }

    @Test
    void recordsWhoAskedForWhomWhatAndWhy() {
        IntentRefusal r = GatewayRefusals.record(EXPORTER, intentForBob(),
                new PrincipalRefusal(PrincipalRefusal.Kind.PRINCIPAL_NOT_ALLOWED, "principal not allowed for this key"), NOW);
        assertThat(r.getIntentId()).isEqualTo("i-refused");
        assertThat(r.getRefusedAt()).isEqualTo(NOW);
        assertThat(r.getAgent().getId()).isEqualTo("agent:exporter");
        assertThat(r.getAgent().getOwner()).isEqualTo("user:olga@example.com");
        assertThat(r.getKeyId()).isEqualTo("key-7");
        assertThat(r.getPrincipal()).isEqualTo("user:bob@example.com");
        assertThat(r.getAction()).isEqualTo("db.export");
        assertThat(r.getTargets()).containsExactly("pg://crm/customers", "pg://crm/orders");
        assertThat(r.getEnvironment()).isEqualTo("prod");
        assertThat(r.getError()).isEqualTo("principal_not_allowed");
        assertThat(r.getReason()).isEqualTo("principal not allowed for this key");
    }

    @Test
    void keepsNothingTheAgentWroteFreely() {
        IntentRefusal r = GatewayRefusals.record(EXPORTER, intentForBob(),
                new PrincipalRefusal(PrincipalRefusal.Kind.DELEGATION_NOT_PROVEN, "delegation token for another actor"), NOW);
        assertThat(r.getError()).isEqualTo("delegation_not_proven");
        // Parameters, reason, framework and model are raw agent text: only the pipeline's masked forms may leave.
        assertThat(r.getAgent().getFramework()).isNull();
        assertThat(r.getAgent().getModel()).isNull();
        assertThat(r.toString()).doesNotContain("parameter-secret", "reason-secret", "framework-secret", "model-secret", "password");
    }

    @Test
    void aRefusalSaysWhy() {
        assertThatThrownBy(() -> new PrincipalRefusal(PrincipalRefusal.Kind.PRINCIPAL_NOT_ALLOWED, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
