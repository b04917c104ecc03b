package io.countersign.contracts.signing;

import io.countersign.contracts.signing.ChannelKeys.ChannelKey;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DelegationProof;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DelegationSignatureTest {

    private final KeyPair apiPair = Ed25519Keys.generate();
    private final KeyPair slackPair = Ed25519Keys.generate();
    private final String apiId = ChannelKeys.keyId("api", apiPair.getPublic());
    private final String slackId = ChannelKeys.keyId("slack", slackPair.getPublic());
    private final ChannelKeys trusted = new ChannelKeys(List.of(new ChannelKey(apiId, "api", apiPair.getPublic()),
            new ChannelKey(slackId, "slack", slackPair.getPublic())));

    private static ActionIntent intent(String principal) {
        return ActionIntent.newBuilder().setIntentId("i-1").setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal(principal).setAction("db.export").build();
    }

    private static DelegationProof proof() {
        return DelegationProof.newBuilder().setIssuer("https://idp.example.com").setSubject("00u1abc").setActor("agent:exporter")
                .setTokenId("jti-1").setExpiresAt(Instant.ofEpochMilli(1_700_000_600_000L)).setVerifiedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setSigningKeyId("").setSignature(ByteBuffer.allocate(0)).build();
    }

    private ActionIntent signed(DecisionSignature.Signer signer, ActionIntent intent) {
        return ActionIntent.newBuilder(intent).setDelegation(DelegationSignature.sign(signer, intent, proof())).build();
    }

    @Test
    void aProofSignedByTheGatewaysKeyVerifies() {
        ActionIntent intent = signed(new DecisionSignature.Signer(apiId, apiPair.getPrivate()), intent("user:alice@example.com"));

        assertThat(intent.getDelegation().getSigningKeyId()).isEqualTo(apiId);
        assertThat(DelegationSignature.check(intent, trusted)).isEmpty();
    }

    @Test
    void aProofMovedToAnotherPrincipalOrIntentOrAlteredFails() {
        ActionIntent intent = signed(new DecisionSignature.Signer(apiId, apiPair.getPrivate()), intent("user:alice@example.com"));

        assertThat(DelegationSignature.check(ActionIntent.newBuilder(intent).setPrincipal("user:bob@example.com").build(), trusted)).isPresent();
        assertThat(DelegationSignature.check(ActionIntent.newBuilder(intent).setIntentId("i-2").build(), trusted)).isPresent();
        DelegationProof altered = DelegationProof.newBuilder(intent.getDelegation()).setActor("agent:other").build();
        assertThat(DelegationSignature.check(ActionIntent.newBuilder(intent).setDelegation(altered).build(), trusted)).isPresent();
    }

    @Test
    void onlyTheApiChannelsKeyMaySignProofs() {
        ActionIntent bySlack = signed(new DecisionSignature.Signer(slackId, slackPair.getPrivate()), intent("user:alice@example.com"));
        assertThat(DelegationSignature.check(bySlack, trusted)).get().asString().contains("not a configured api channel key");

        KeyPair stranger = Ed25519Keys.generate();
        ActionIntent byStranger = signed(new DecisionSignature.Signer(apiId, stranger.getPrivate()), intent("user:alice@example.com"));
        assertThat(DelegationSignature.check(byStranger, trusted)).get().asString().contains("does not verify");
        assertThat(DelegationSignature.check(intent("user:alice@example.com"), trusted)).isPresent();
    }
}
