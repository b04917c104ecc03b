package io.countersign.contracts.signing;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.DelegationProof;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * How the ingest gateway vouches for a delegation it verified ({@link DelegationProof} on an
 * {@link ActionIntent}): an Ed25519 signature with its {@code api} channel key, bound to the intent id,
 * the agent and the principal, so a proof cannot be copied onto another intent and a producer writing to
 * {@code countersign.intents} directly cannot make one up. The pipeline checks it with the channel keys
 * it trusts ({@link ChannelKeys}).
 *
 * <p>The signed bytes ({@link #signedBytes}) are, in {@link SignedBytes}' form: the domain tag
 * {@code countersign/delegation-proof/v1}, intentId, agent id, principal, issuer, subject, actor, tokenId,
 * expiresAt and verifiedAt (decimal epoch milliseconds), signingKeyId.
 */
public final class DelegationSignature {

    static final String DOMAIN = "countersign/delegation-proof/v1";
    /** The only channel whose key may sign delegation proofs: the gateway's. */
    public static final String CHANNEL = "api";

    private DelegationSignature() {
    }

    /** {@code proof} for {@code intent}, signed with {@code signer} (its signingKeyId and signature set). */
    public static DelegationProof sign(DecisionSignature.Signer signer, ActionIntent intent, DelegationProof proof) {
        DelegationProof unsigned = DelegationProof.newBuilder(proof).setSigningKeyId(signer.keyId()).setSignature(ByteBuffer.allocate(0)).build();
        unsigned.setSignature(Ed25519Keys.sign(signer.key(), signedBytes(intent, unsigned)));
        return unsigned;
    }

    /** Empty when the intent's delegation proof verifies under a trusted key of the {@code api} channel; otherwise why not. */
    public static Optional<String> check(ActionIntent intent, ChannelKeys keys) {
        DelegationProof proof = intent.getDelegation();
        if (proof == null) {
            return Optional.of("the intent carries no delegation proof");
        }
        Optional<ChannelKeys.ChannelKey> key = keys.find(proof.getSigningKeyId());
        if (key.isEmpty() || !CHANNEL.equals(key.get().channel())) {
            return Optional.of("key " + ChannelKeys.printable(proof.getSigningKeyId()) + " is not a configured " + CHANNEL + " channel key");
        }
        if (!Ed25519Keys.verify(key.get().publicKey(), signedBytes(intent, proof), proof.getSignature())) {
            return Optional.of("the delegation proof's signature does not verify under key " + key.get().keyId());
        }
        return Optional.empty();
    }

    /** The exact bytes signed (see the class comment). */
    public static byte[] signedBytes(ActionIntent intent, DelegationProof p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        SignedBytes.field(out, DOMAIN);
        SignedBytes.field(out, intent.getIntentId());
        SignedBytes.field(out, intent.getAgent() == null ? null : intent.getAgent().getId());
        SignedBytes.field(out, intent.getPrincipal());
        SignedBytes.field(out, p.getIssuer());
        SignedBytes.field(out, p.getSubject());
        SignedBytes.field(out, p.getActor());
        SignedBytes.field(out, p.getTokenId());
        SignedBytes.field(out, p.getExpiresAt() == null ? null : Long.toString(p.getExpiresAt().toEpochMilli()));
        SignedBytes.field(out, p.getVerifiedAt() == null ? null : Long.toString(p.getVerifiedAt().toEpochMilli()));
        SignedBytes.field(out, p.getSigningKeyId());
        return out.toByteArray();
    }
}
