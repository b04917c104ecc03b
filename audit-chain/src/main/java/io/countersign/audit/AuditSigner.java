package io.countersign.audit;

import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AuditCheckpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;

/**
 * Signs audit chain heads with Ed25519 ({@link Ed25519Keys}), so that anyone holding the public key can
 * prove the chain up to a checkpoint was not rewritten — even by someone able to recompute hashes.
 */
public final class AuditSigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public AuditSigner(KeyPair keys) {
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
        this.keyId = Ed25519Keys.keyId(publicKey);
    }

    /**
     * Loads {@code audit-signing-key.pem} and {@code audit-signing-key.pub.pem} from {@code dir}, creating
     * them (private key readable by the owner only) when absent.
     */
    public static AuditSigner loadOrCreate(Path dir) throws IOException {
        try {
            return new AuditSigner(Ed25519Keys.loadOrCreate(dir.resolve("audit-signing-key.pem"), dir.resolve("audit-signing-key.pub.pem")));
        } catch (IOException e) {
            throw new IOException("Audit signing key in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Signs the head of one chain. */
    public AuditCheckpoint sign(int partition, long lastSequence, String headHash, Instant createdAt) {
        return AuditCheckpoint.newBuilder().setChainPartition(partition).setLastSequence(lastSequence)
                .setHeadHash(headHash).setCreatedAt(createdAt).setKeyId(keyId)
                .setSignature(Ed25519Keys.sign(privateKey, signedBytes(partition, lastSequence, headHash, createdAt))).build();
    }

    /** Whether {@code checkpoint}'s signature is valid under {@code key}. */
    public static boolean verify(AuditCheckpoint checkpoint, PublicKey key) {
        return Ed25519Keys.verify(key, signedBytes(checkpoint.getChainPartition(), checkpoint.getLastSequence(),
                checkpoint.getHeadHash(), checkpoint.getCreatedAt()), checkpoint.getSignature());
    }

    /** The exact bytes signed: {@code partition|lastSequence|headHash|createdAtMillis} in UTF-8. */
    static byte[] signedBytes(int partition, long lastSequence, String headHash, Instant createdAt) {
        return (partition + "|" + lastSequence + "|" + headHash + "|" + createdAt.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }
}
