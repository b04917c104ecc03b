package io.countersign.processors.topology;

import io.countersign.audit.ChainVerifier;
import io.countersign.schema.AgentRef;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.IntentRefusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.countersign.processors.topology.TestIntentBuilder.anIntent;
import static org.assertj.core.api.Assertions.assertThat;

/** An intent the ingest gateway refused for its principal reaches the hash chain as a REFUSED_AT_GATEWAY event, masked, like every other event. */
class GatewayRefusalTopologyTest {

    private TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness();
        h.label("pg://web/pages", "PUBLIC");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static IntentRefusal refusal(String intentId, String reason) {
        return IntentRefusal.newBuilder().setIntentId(intentId).setRefusedAt(Instant.parse("2026-11-22T11:59:00Z"))
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setKeyId("key-7").setPrincipal("user:bob@example.com").setAction("db.export")
                .setTargets(List.of("pg://crm/customers")).setEnvironment("prod").setError("principal_not_allowed").setReason(reason)
                .build();
    }

    private void refuse(IntentRefusal refusal) {
        h.refusals.pipeInput(refusal.getIntentId(), refusal, h.clock.instant());
    }

    @Test
    void aRefusalIsChainedAfterTheEventsBeforeItWithItsReasonAndClaimedPrincipal() {
        h.submit(anIntent("i-before").targets("pg://web/pages").build());
        refuse(refusal("i-refused", "principal not allowed for this key"));

        List<AuditRecord> records = h.audit.readValuesToList();
        AuditRecord refused = records.stream().filter(r -> r.getIntentId().equals("i-refused")).findFirst().orElseThrow();
        assertThat(refused.getEventType()).isEqualTo(AuditEventType.REFUSED_AT_GATEWAY);
        assertThat(refused.getActor()).isEqualTo("agent:exporter");
        assertThat(refused.getNote()).isEqualTo("principal_not_allowed: principal not allowed for this key");
        assertThat(refused.getOccurredAt()).isEqualTo(Instant.parse("2026-11-22T11:59:00Z"));
        assertThat(refused.getEvent()).isInstanceOfSatisfying(IntentRefusal.class, r -> {
            assertThat(r.getPrincipal()).isEqualTo("user:bob@example.com");
            assertThat(r.getKeyId()).isEqualTo("key-7");
        });
        // One chain per partition, linked without a gap across the gate's events and the refusal.
        List<AuditRecord> chain = records.stream().filter(r -> r.getChainPartition() == refused.getChainPartition()).toList();
        ChainVerifier verifier = new ChainVerifier(refused.getChainPartition(), Set.of());
        for (int i = 0; i < chain.size(); i++) {
            assertThat(verifier.accept(i, chain.get(i), AuditRecord.getClassSchema())).isEmpty();
        }
        assertThat(chain).extracting(AuditRecord::getSequence).last().isEqualTo(refused.getSequence());
    }

    @Test
    void eachRefusalIsAuditedEvenOfTheSameIntentAndItsReasonIsMasked() {
        refuse(refusal("i-again", "delegation token refused: password=Hx7-unique-secret"));
        refuse(refusal("i-again", "delegation token refused: password=Hx7-unique-secret"));

        List<AuditRecord> records = h.audit.readValuesToList();
        assertThat(records).hasSize(2).allSatisfy(r -> {
            assertThat(r.getEventType()).isEqualTo(AuditEventType.REFUSED_AT_GATEWAY);
            assertThat(r.toString()).doesNotContain("Hx7-unique-secret");
        });
        assertThat(records).extracting(AuditRecord::getSequence).containsExactly(0L, 1L);
    }

    @Test
    void aRefusalWhoseIdIsNoIntentIdIsADeadLetterAndTheNextIsStillAudited() {
        refuse(refusal("has space", "principal not allowed for this key"));
        refuse(refusal("i-next", "principal not allowed for this key"));

        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo("countersign.intents.refused");
            assertThat(d.getStage()).isEqualTo("process:audit-gateway-refusals");
        });
        assertThat(h.audit.readValuesToList()).extracting(AuditRecord::getIntentId).containsExactly("i-next");
    }
}
