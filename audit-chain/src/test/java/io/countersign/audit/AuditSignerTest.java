package io.countersign.audit;

import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AuditCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AuditSignerTest {

    private final AuditSigner signer = new AuditSigner(Ed25519Keys.generate());

    @Test
    void checkpointVerifiesWithItsPublicKey() {
        AuditCheckpoint cp = signer.sign(2, 41, "ab".repeat(32), Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(cp.getKeyId()).isEqualTo(signer.keyId()).hasSize(16);
        assertThat(AuditSigner.verify(cp, signer.publicKey())).isTrue();
    }

    @Test
    void anyChangedFieldOrOtherKeyFailsVerification() {
        AuditCheckpoint cp = signer.sign(2, 41, "ab".repeat(32), Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(AuditSigner.verify(AuditCheckpoint.newBuilder(cp).setLastSequence(40).build(), signer.publicKey())).isFalse();
        assertThat(AuditSigner.verify(AuditCheckpoint.newBuilder(cp).setHeadHash("cd".repeat(32)).build(), signer.publicKey())).isFalse();
        assertThat(AuditSigner.verify(AuditCheckpoint.newBuilder(cp).setChainPartition(1).build(), signer.publicKey())).isFalse();
        assertThat(AuditSigner.verify(AuditCheckpoint.newBuilder(cp).setSignature(ByteBuffer.wrap(new byte[64])).build(), signer.publicKey())).isFalse();
        assertThat(AuditSigner.verify(cp, new AuditSigner(Ed25519Keys.generate()).publicKey())).isFalse();
    }

    @Test
    void loadOrCreateKeepsTheSameKeyAcrossRestartsAndProtectsThePrivateKey(@TempDir Path dir) throws Exception {
        AuditSigner first = AuditSigner.loadOrCreate(dir);
        AuditSigner second = AuditSigner.loadOrCreate(dir);
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit-signing-key.pem"))))
                .isEqualTo("rw-------");
        AuditCheckpoint cp = first.sign(0, 0, AuditHasher.GENESIS, Instant.now());
        assertThat(AuditSigner.verify(cp, Ed25519Keys.readPublicKey(dir.resolve("audit-signing-key.pub.pem")))).isTrue();
    }
}
