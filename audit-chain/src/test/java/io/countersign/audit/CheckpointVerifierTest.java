package io.countersign.audit;

import io.countersign.audit.ChainVerifier.Finding;
import io.countersign.audit.ChainVerifier.Kind;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointVerifierTest {

    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_000L);
    private final AuditSigner signer = new AuditSigner(Ed25519Keys.generate());
    private final CheckpointVerifier verifier = new CheckpointVerifier(CheckpointVerifier.byKeyId(List.of(signer.publicKey())));
    private final List<AuditRecord> records = AuditChainFixtures.chain(0, 10);

    private ChainVerifier read(int upTo, long... remember) {
        ChainVerifier chain = new ChainVerifier(0, Arrays.stream(remember).boxed().collect(Collectors.toSet()));
        for (int i = 0; i < upTo; i++) {
            chain.accept(i, records.get(i), AuditRecord.getClassSchema());
        }
        return chain;
    }

    @Test
    void aValidCheckpointOverTheChainsHeadPasses() {
        AuditCheckpoint cp = signer.sign(0, 7, records.get(7).getHash(), AT);
        assertThat(verifier.signature(cp)).isEmpty();
        assertThat(verifier.check(cp, read(10, 7))).isEmpty();
        assertThat(CheckpointVerifier.sealsChain(cp, read(10, 7))).isTrue();
    }

    @Test
    void aCheckpointSignedByAnUnknownKeyIsReported() {
        AuditCheckpoint cp = new AuditSigner(Ed25519Keys.generate()).sign(0, 7, records.get(7).getHash(), AT);
        assertThat(verifier.check(cp, read(10, 7))).get().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.UNKNOWN_KEY);
            assertThat(f.detail()).isEqualTo("key id " + cp.getKeyId());
        });
    }

    @Test
    void aForgedSignatureIsReported() {
        AuditCheckpoint cp = AuditCheckpoint.newBuilder(signer.sign(0, 7, records.get(7).getHash(), AT)).setSignature(ByteBuffer.wrap(new byte[64])).build();
        assertThat(verifier.signature(cp)).map(Finding::kind).contains(Kind.BAD_SIGNATURE);
        assertThat(verifier.check(cp, read(10, 7))).map(Finding::kind).contains(Kind.BAD_SIGNATURE);
    }

    @Test
    void aChainEndingBeforeTheCheckpointIsTruncated() {
        AuditCheckpoint cp = signer.sign(0, 7, records.get(7).getHash(), AT);
        assertThat(verifier.check(cp, read(5, 7))).get().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(f.detail()).isEqualTo("signed head at sequence 7 but the chain ends at 4");
        });
        assertThat(verifier.check(cp, null)).map(Finding::detail).contains("signed head at sequence 7 but the chain ends at -1");
    }

    @Test
    void aChainWhoseHashDiffersFromTheSignedHeadIsAMismatch() {
        AuditCheckpoint cp = signer.sign(0, 7, records.get(6).getHash(), AT);
        Optional<Finding> f = verifier.check(cp, read(10, 7));
        assertThat(f).map(Finding::kind).contains(Kind.CHECKPOINT_MISMATCH);
        assertThat(f).map(Finding::partition).contains(0);
        assertThat(CheckpointVerifier.sealsChain(cp, read(10, 7))).isFalse();
        assertThat(CheckpointVerifier.sealsChain(cp, null)).isFalse();
    }
}
