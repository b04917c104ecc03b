package io.countersign.processors.topology;

import io.countersign.audit.AuditHasher;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The head of each audit chain (one chain per audit partition) and the sequence its last checkpoint
 * signed. A typed view of the store {@code audit-chain-head}, keeping its text format: key
 * {@code <partition>} holds the head as {@code <sequence>|<hash>}, key {@code <partition>/signed} the
 * sequence last signed.
 */
final class ChainHeads {

    static final String STORE = "audit-chain-head";
    private static final String SIGNED_SUFFIX = "/signed";

    private final KeyValueStore<String, String> store;

    ChainHeads(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** The last link of a chain; sequence -1 and the genesis hash before the first record. */
    record Head(long sequence, String hash) {

        static Head parse(String stored) {
            if (stored == null) {
                return new Head(-1, AuditHasher.GENESIS);
            }
            int bar = stored.indexOf('|');
            return new Head(Long.parseLong(stored.substring(0, bar)), stored.substring(bar + 1));
        }

        String format() {
            return sequence + "|" + hash;
        }
    }

    /** A chain whose head moved since its last checkpoint. */
    record Unsigned(int partition, Head head) {
    }

    Head head(int partition) {
        return Head.parse(store.get(Integer.toString(partition)));
    }

    void advance(int partition, Head head) {
        store.put(Integer.toString(partition), head.format());
    }

    /** Every chain whose head is past the sequence last signed, in key order. */
    List<Unsigned> unsigned() {
        List<Unsigned> moved = new ArrayList<>();
        try (var it = store.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                if (entry.key.endsWith(SIGNED_SUFFIX)) {
                    continue;
                }
                Head head = Head.parse(entry.value);
                String signed = store.get(entry.key + SIGNED_SUFFIX);
                if (signed == null || Long.parseLong(signed) < head.sequence()) {
                    moved.add(new Unsigned(Integer.parseInt(entry.key), head));
                }
            }
        }
        return moved;
    }

    void signed(int partition, long sequence) {
        store.put(partition + SIGNED_SUFFIX, Long.toString(sequence));
    }
}
