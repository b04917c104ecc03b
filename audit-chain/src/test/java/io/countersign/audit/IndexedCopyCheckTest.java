package io.countersign.audit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 random single tamperings of the index's copy of a chain — a field edited, a record deleted, a
 * fake record inserted, one duplicated, two swapped — are each reported at the right sequence; an
 * untouched copy, and one that merely lags behind the log, raise no alarm.
 */
class IndexedCopyCheckTest {

    private static List<IndexedCopyCheck.Entry> log(int n) {
        List<IndexedCopyCheck.Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new IndexedCopyCheck.Entry(0, i, "intent-" + i / 3, i % 3 == 0 ? "RECEIVED" : i % 3 == 1 ? "CLASSIFIED" : "VERDICT",
                    "h" + (i - 1), "h" + i));
        }
        return out;
    }

    @Test
    void anIntactOrLaggingCopyRaisesNoAlarm() {
        List<IndexedCopyCheck.Entry> log = log(300);
        IndexedCopyCheck.Result intact = IndexedCopyCheck.compare(0, log.iterator(), log.iterator());
        assertThat(intact.findings()).isEmpty();
        assertThat(intact.compared()).isEqualTo(300);
        IndexedCopyCheck.Result lagging = IndexedCopyCheck.compare(0, log.iterator(), log.subList(0, 250).iterator());
        assertThat(lagging.findings()).isEmpty();
        assertThat(lagging.notYetIndexed()).isEqualTo(50);
    }

    @Test
    void everySingleTamperingOfTheIndexIsReportedWhereItHappened() {
        List<IndexedCopyCheck.Entry> log = log(300);
        Random random = new Random(11);
        for (int trial = 0; trial < 1_000; trial++) {
            List<IndexedCopyCheck.Entry> index = new ArrayList<>(log);
            int k = random.nextInt(299); // not the last: deleting the last record is indistinguishable from lag
            IndexedCopyCheck.Entry e = index.get(k);
            ChainVerifier.Kind expected;
            switch (trial % 5) {
                case 0 -> {
                    index.set(k, switch (random.nextInt(4)) {
                        case 0 -> new IndexedCopyCheck.Entry(0, e.sequence(), "intent-forged", e.eventType(), e.prevHash(), e.hash());
                        case 1 -> new IndexedCopyCheck.Entry(0, e.sequence(), e.intentId(), "VERDICT".equals(e.eventType()) ? "EXECUTION" : "VERDICT",
                                e.prevHash(), e.hash());
                        case 2 -> new IndexedCopyCheck.Entry(0, e.sequence(), e.intentId(), e.eventType(), e.prevHash(), "forged");
                        default -> new IndexedCopyCheck.Entry(0, e.sequence(), e.intentId(), e.eventType(), "forged", e.hash());
                    });
                    expected = ChainVerifier.Kind.INDEX_ALTERED;
                }
                case 1 -> {
                    index.remove(k);
                    expected = ChainVerifier.Kind.INDEX_MISSING;
                }
                case 2 -> {
                    index.add(new IndexedCopyCheck.Entry(0, 1_000 + k, "intent-invented", "VERDICT", "x", "y"));
                    index.sort(Comparator.comparingLong(IndexedCopyCheck.Entry::sequence));
                    expected = ChainVerifier.Kind.INDEX_EXTRA;
                }
                case 3 -> {
                    index.add(k, e);
                    expected = ChainVerifier.Kind.INDEX_EXTRA;
                }
                default -> {
                    // Two records' contents swapped (ids, hence sequences, kept): both read as altered.
                    IndexedCopyCheck.Entry f = index.get(k + 1);
                    index.set(k, new IndexedCopyCheck.Entry(0, e.sequence(), f.intentId(), f.eventType(), f.prevHash(), f.hash()));
                    index.set(k + 1, new IndexedCopyCheck.Entry(0, f.sequence(), e.intentId(), e.eventType(), e.prevHash(), e.hash()));
                    expected = ChainVerifier.Kind.INDEX_ALTERED;
                }
            }
            IndexedCopyCheck.Result r = IndexedCopyCheck.compare(0, log.iterator(), index.iterator());
            assertThat(r.findings()).as("trial %d at %d", trial, k).isNotEmpty();
            assertThat(r.findings()).as("trial %d at %d", trial, k).allMatch(f -> f.kind() == expected);
            long at = trial % 5 == 2 ? 1_000 + k : k;
            assertThat(r.findings().get(0).sequence()).as("trial %d reported where it happened", trial).isEqualTo(at);
        }
    }
}
