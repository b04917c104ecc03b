package io.countersign.audit;

import io.countersign.audit.ChainVerifier.Finding;
import io.countersign.audit.ChainVerifier.Kind;
import io.countersign.schema.AuditRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVerifierTest {

    private static List<Finding> verify(List<AuditRecord> records) {
        ChainVerifier v = new ChainVerifier(0, Set.of());
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            v.accept(i, records.get(i), AuditRecord.getClassSchema()).ifPresent(findings::add);
        }
        return findings;
    }

    @Test
    void intactChainHasNoFindings() {
        assertThat(verify(AuditChainFixtures.chain(0, 50))).isEmpty();
    }

    @Test
    void alteredRecordIsReportedOnceAtItsPosition() {
        List<AuditRecord> chain = AuditChainFixtures.chain(0, 20);
        chain.get(7).setActor("user:mallory@example.com");
        assertThat(verify(chain)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.ALTERED);
            assertThat(f.sequence()).isEqualTo(7);
            assertThat(f.offset()).isEqualTo(7);
        });
    }

    @Test
    void deletedRecordIsAGap() {
        List<AuditRecord> chain = new ArrayList<>(AuditChainFixtures.chain(0, 20));
        chain.remove(5);
        assertThat(verify(chain)).first().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.GAP);
            assertThat(f.sequence()).isEqualTo(6);
        });
    }

    @Test
    void swappedRecordsAreDetected() {
        List<AuditRecord> chain = new ArrayList<>(AuditChainFixtures.chain(0, 20));
        Collections.swap(chain, 3, 4);
        assertThat(verify(chain)).isNotEmpty().first().extracting(Finding::sequence).isEqualTo(4L);
    }

    @Test
    void rehashedButRelinkedForgeryBreaksTheNextLink() {
        // An attacker alters a record and recomputes its hash: the next record no longer links to it.
        List<AuditRecord> chain = AuditChainFixtures.chain(0, 10);
        AuditRecord forged = chain.get(4);
        forged.setActor("user:mallory@example.com");
        forged.setHash(AuditHasher.hash(forged));
        assertThat(verify(chain)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.BROKEN_LINK);
            assertThat(f.sequence()).isEqualTo(5);
        });
    }

    @Test
    void recordFromAnotherChainIsReported() {
        List<AuditRecord> chain = AuditChainFixtures.chain(0, 5);
        chain.get(2).setChainPartition(1);
        assertThat(verify(chain)).extracting(Finding::kind).contains(Kind.WRONG_CHAIN);
    }

    @Test
    void remembersHashesAtRequestedSequences() {
        List<AuditRecord> chain = AuditChainFixtures.chain(0, 10);
        ChainVerifier v = new ChainVerifier(0, Set.of(3L, 9L, 42L));
        for (int i = 0; i < chain.size(); i++) {
            assertThat(v.accept(i, chain.get(i), AuditRecord.getClassSchema())).isEmpty();
        }
        assertThat(v.hashAt(3)).contains(chain.get(3).getHash());
        assertThat(v.hashAt(9)).contains(chain.get(9).getHash());
        assertThat(v.hashAt(42)).isEqualTo(Optional.empty());
        assertThat(v.lastSequence()).isEqualTo(9);
        assertThat(v.recordsRead()).isEqualTo(10);
    }
}
