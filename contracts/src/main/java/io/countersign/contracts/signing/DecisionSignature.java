package io.countersign.contracts.signing;

import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApproverAuthentication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * How an approval channel (the approval API, the Slack bot, ...) proves that it made an
 * {@link ApprovalDecision}: an Ed25519 signature with the channel's own key over every field that
 * matters, so a process that can merely write to {@code countersign.approval-decisions} cannot approve
 * in anyone's name. The pipeline checks it with {@link ChannelKeys}.
 *
 * <p>The signed bytes ({@link #signedBytes}) are unambiguous: the domain tag
 * {@code countersign/approval-decision/v1}, then decisionId, requestId, intentId, intentHash, approver,
 * decision (the enum symbol), reason, channel, channelUserId, decidedAt (decimal epoch milliseconds) and
 * signingKeyId, each as a 4-byte big-endian length followed by its UTF-8 bytes; an absent optional
 * field is the length {@code 0xFFFFFFFF} with no bytes. A decision that records how its approver was
 * authenticated appends the tag {@code authentication}, then method, issuer, subject, authTime (decimal
 * epoch milliseconds), the number of amr values (decimal) and each value, acr and stepUpLinkId in the same
 * encoding, then, only when it lists the provider's groups, the tag {@code groups}, their number and each
 * group; a decision without one signs exactly the bytes it signed before the field existed, and one without
 * groups the bytes it signed before groups existed. No Avro bytes are signed, so a compatible schema
 * change never breaks signatures, and any language can produce the same bytes.
 */
public final class DecisionSignature {

    static final String DOMAIN = "countersign/approval-decision/v1";

    private DecisionSignature() {
    }

    /** A channel's signing key: its private half and the key id the pipeline knows its public half by. */
    public record Signer(String keyId, PrivateKey key) {
        public Signer {
            if (keyId == null || keyId.isBlank()) {
                throw new IllegalArgumentException("a decision signing key needs a key id");
            }
            Objects.requireNonNull(key, "key");
        }

        /** Loads a PKCS#8 PEM private key file, e.g. one written by {@code countersign keys channel}. */
        public static Signer load(Path privateKeyPem, String keyId) throws IOException {
            return new Signer(keyId, Ed25519Keys.readPrivateKey(privateKeyPem));
        }

        /** {@code decision} with this key's id and a signature over it. */
        public ApprovalDecision sign(ApprovalDecision decision) {
            ApprovalDecision signed = ApprovalDecision.newBuilder(decision).setSigningKeyId(keyId).setSignature(null).build();
            signed.setSignature(Ed25519Keys.sign(key, signedBytes(signed)));
            return signed;
        }
    }

    /** Whether {@code decision} carries a signature that verifies under {@code key}. */
    public static boolean verify(ApprovalDecision decision, PublicKey key) {
        return Ed25519Keys.verify(key, signedBytes(decision), decision.getSignature());
    }

    /** The exact bytes signed (see the class comment); the signature field itself is not among them. */
    public static byte[] signedBytes(ApprovalDecision d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, DOMAIN);
        field(out, d.getDecisionId());
        field(out, d.getRequestId());
        field(out, d.getIntentId());
        field(out, d.getIntentHash());
        field(out, d.getApprover());
        field(out, d.getDecision() == null ? null : d.getDecision().name());
        field(out, d.getReason());
        field(out, d.getChannel());
        field(out, d.getChannelUserId());
        field(out, d.getDecidedAt() == null ? null : Long.toString(d.getDecidedAt().toEpochMilli()));
        field(out, d.getSigningKeyId());
        ApproverAuthentication a = d.getAuthentication();
        if (a != null) {
            field(out, "authentication");
            field(out, a.getMethod() == null ? null : a.getMethod().name());
            field(out, a.getIssuer());
            field(out, a.getSubject());
            field(out, a.getAuthTime() == null ? null : Long.toString(a.getAuthTime().toEpochMilli()));
            field(out, Integer.toString(a.getAmr().size()));
            a.getAmr().forEach(v -> field(out, v));
            field(out, a.getAcr());
            field(out, a.getStepUpLinkId());
            if (!a.getGroups().isEmpty()) {
                field(out, "groups");
                field(out, Integer.toString(a.getGroups().size()));
                a.getGroups().forEach(g -> field(out, g));
            }
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        SignedBytes.field(out, value);
    }
}
