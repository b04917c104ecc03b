package io.countersign.audit;

import io.countersign.audit.ChainVerifier.Finding;
import io.countersign.audit.ChainVerifier.Kind;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AuditCheckpoint;

import java.security.PublicKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks signed checkpoints ({@code countersign.audit-checkpoints}): that each is signed by one of the
 * trusted public keys ({@link AuditSigner#verify}), and that the chain as read holds the signed head at
 * the signed sequence. A valid signature over a head the chain does not have means records were
 * rewritten or removed after signing.
 */
public final class CheckpointVerifier {

    private final Map<String, PublicKey> keys;

    /** @param keys the trusted public keys by key id ({@link #byKeyId}) */
    public CheckpointVerifier(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** The keys by their key id, as checkpoints name them. */
    public static Map<String, PublicKey> byKeyId(Collection<PublicKey> keys) {
        Map<String, PublicKey> out = new HashMap<>();
        keys.forEach(k -> out.put(Ed25519Keys.keyId(k), k));
        return out;
    }

    /** Empty when {@code cp} is validly signed by a trusted key; else an {@link Kind#UNKNOWN_KEY} or {@link Kind#BAD_SIGNATURE} finding. */
    public Optional<Finding> signature(AuditCheckpoint cp) {
        PublicKey key = keys.get(cp.getKeyId());
        if (key == null) {
            return Optional.of(finding(cp, Kind.UNKNOWN_KEY, "key id " + cp.getKeyId()));
        }
        if (!AuditSigner.verify(cp, key)) {
            return Optional.of(finding(cp, Kind.BAD_SIGNATURE, "checkpoint at sequence " + cp.getLastSequence()));
        }
        return Optional.empty();
    }

    /** Whether {@code chain} (null: nothing read) reached the checkpoint's sequence with exactly its signed head there. */
    public static boolean sealsChain(AuditCheckpoint cp, ChainVerifier chain) {
        return chain != null && chain.hashAt(cp.getLastSequence()).orElse("").equals(cp.getHeadHash());
    }

    /**
     * The first problem with {@code cp} against {@code chain} (null: its partition had no records): its
     * signature, then whether the chain reaches it ({@link Kind#TRUNCATED}), then whether the chain's hash
     * there is the signed head ({@link Kind#CHECKPOINT_MISMATCH}). The chain must have been asked to
     * remember the checkpoint's sequence.
     */
    public Optional<Finding> check(AuditCheckpoint cp, ChainVerifier chain) {
        Optional<Finding> signature = signature(cp);
        if (signature.isPresent()) {
            return signature;
        }
        long seq = cp.getLastSequence();
        if (chain == null || chain.lastSequence() < seq) {
            return Optional.of(finding(cp, Kind.TRUNCATED,
                    "signed head at sequence " + seq + " but the chain ends at " + (chain == null ? -1 : chain.lastSequence())));
        }
        if (!sealsChain(cp, chain)) {
            return Optional.of(finding(cp, Kind.CHECKPOINT_MISMATCH, "the chain's hash at sequence " + seq + " differs from the signed head"));
        }
        return Optional.empty();
    }

    private static Finding finding(AuditCheckpoint cp, Kind kind, String detail) {
        return new Finding(cp.getChainPartition(), -1, cp.getLastSequence(), kind, detail);
    }
}
