package io.countersign.processors.adapter.in.audit;

import io.countersign.schema.AgentRef;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.DelegationProof;
import io.countersign.schema.IntentSummary;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An audit RECEIVED summary, read with its writer's schema as the replay reads it, back into the intent policy sees. */
class AuditHistoryTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    private static IntentSummary.Builder summary() {
        return IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(AT)
                .setAgent(AgentRef.newBuilder().setId("agent:etl").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:etl"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod")
                .setMaskedParameters(Map.of("where", "[masked:email]"));
    }

    private static GenericRecord asRead(IntentSummary s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(IntentSummary.class).write(s, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(IntentSummary.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    @Test
    void aRecordedProofMakesTheReplayedPrincipalProvenWithItsIssuerAndActor() throws IOException {
        IntentSummary proven = summary().setDelegation(DelegationProof.newBuilder().setIssuer("https://idp.example.com")
                .setSubject("00u1abc").setActor("agent:etl").setExpiresAt(AT.plusSeconds(600)).setVerifiedAt(AT)
                .setSigningKeyId("api-1").setSignature(ByteBuffer.wrap(new byte[]{1, 2})).build()).build();

        ActionIntent intent = AuditHistory.intent(asRead(proven));

        assertThat(intent.getPrincipal()).isEqualTo("user:alice@example.com");
        assertThat(intent.getOccurredAt()).isEqualTo(AT);
        assertThat(intent.getParameters()).isEqualTo(Map.of("where", "[masked:email]"));
        assertThat(intent.getDelegation().getIssuer()).isEqualTo("https://idp.example.com");
        assertThat(intent.getDelegation().getActor()).isEqualTo("agent:etl");
        assertThat(intent.getDelegation().getVerifiedAt()).isEqualTo(AT);
        assertThat(AuditHistory.intent(asRead(summary().build())).getDelegation()).as("claimed, not proven").isNull();
    }
}
