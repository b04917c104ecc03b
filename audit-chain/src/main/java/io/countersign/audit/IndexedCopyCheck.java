package io.countersign.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Compares the audit index's copy of one chain ({@code countersign-audit-events}) with the chain in
 * the log, both in sequence order, in one merge pass: a record whose copy says something else
 * (intent, event, links) is altered in the index; a sequence the log has but the index skips is
 * missing from it; a sequence the index has but the log does not — or has twice — is extra. Records
 * after the index's last one are its lag, counted but not alarming.
 */
public final class IndexedCopyCheck {

    /** The fields of one chained record that both copies carry. */
    public record Entry(int partition, long sequence, String intentId, String eventType, String prevHash, String hash) {
    }

    /** What one comparison found, and how many log records the index has not caught up with yet. */
    public record Result(List<ChainVerifier.Finding> findings, long compared, long notYetIndexed) {
    }

    private IndexedCopyCheck() {
    }

    public static Result compare(int partition, Iterator<Entry> log, Iterator<Entry> index) {
        List<ChainVerifier.Finding> findings = new ArrayList<>();
        long compared = 0;
        Entry l = next(log);
        Entry x = next(index);
        long lastIndexed = -1;
        while (l != null && x != null) {
            if (x.sequence() <= lastIndexed) {
                findings.add(finding(partition, x.sequence(), ChainVerifier.Kind.INDEX_EXTRA, "the index holds this sequence twice"));
                x = next(index);
            } else if (l.sequence() == x.sequence()) {
                if (!same(l, x)) {
                    findings.add(finding(partition, l.sequence(), ChainVerifier.Kind.INDEX_ALTERED, differences(l, x)));
                }
                compared++;
                lastIndexed = x.sequence();
                l = next(log);
                x = next(index);
            } else if (l.sequence() < x.sequence()) {
                findings.add(finding(partition, l.sequence(), ChainVerifier.Kind.INDEX_MISSING, "intent " + l.intentId() + " " + l.eventType()));
                l = next(log);
            } else {
                findings.add(finding(partition, x.sequence(), ChainVerifier.Kind.INDEX_EXTRA, "intent " + x.intentId() + " " + x.eventType()));
                lastIndexed = x.sequence();
                x = next(index);
            }
        }
        while (x != null) {
            findings.add(finding(partition, x.sequence(), ChainVerifier.Kind.INDEX_EXTRA, "intent " + x.intentId() + " " + x.eventType()
                    + " (beyond the end of the log)"));
            x = next(index);
        }
        long lag = 0;
        while (l != null) {
            lag++;
            l = next(log);
        }
        return new Result(findings, compared, lag);
    }

    private static boolean same(Entry a, Entry b) {
        return a.partition() == b.partition() && Objects.equals(a.intentId(), b.intentId()) && Objects.equals(a.eventType(), b.eventType())
                && Objects.equals(a.prevHash(), b.prevHash()) && Objects.equals(a.hash(), b.hash());
    }

    private static String differences(Entry log, Entry index) {
        List<String> out = new ArrayList<>();
        if (log.partition() != index.partition()) {
            out.add("partition " + index.partition() + " instead of " + log.partition());
        }
        if (!Objects.equals(log.intentId(), index.intentId())) {
            out.add("intent " + index.intentId() + " instead of " + log.intentId());
        }
        if (!Objects.equals(log.eventType(), index.eventType())) {
            out.add("event " + index.eventType() + " instead of " + log.eventType());
        }
        if (!Objects.equals(log.hash(), index.hash()) || !Objects.equals(log.prevHash(), index.prevHash())) {
            out.add("hashes differ from the log's");
        }
        return String.join(", ", out);
    }

    private static ChainVerifier.Finding finding(int partition, long sequence, ChainVerifier.Kind kind, String detail) {
        return new ChainVerifier.Finding(partition, -1, sequence, kind, detail);
    }

    private static Entry next(Iterator<Entry> it) {
        return it.hasNext() ? it.next() : null;
    }
}
