package io.countersign.processors.topology;

import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The approvals' deadlines in time order: when an open request expires, when a decided one is forgotten,
 * and when decisions held for a request that has not come are given up. A typed view of the store
 * {@code approvals-expiry-index}, keeping its text format: key {@code <deadline millis, 20 digits>|<entry>},
 * value the entry, which is a request id, or {@code early:<request id>} for held decisions. The
 * zero-padded deadline first makes key order deadline order, so what is due is one range scan.
 */
final class ExpiryIndex {

    static final String STORE = "approvals-expiry-index";
    private static final String EARLY_PREFIX = "early:";

    private final KeyValueStore<String, String> store;

    ExpiryIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** What came due: the request {@code requestId}, or (when {@code heldDecisions}) the decisions held for it. */
    record Due(String requestId, boolean heldDecisions) {

        static Due parse(String entry) {
            return entry.startsWith(EARLY_PREFIX) ? new Due(entry.substring(EARLY_PREFIX.length()), true) : new Due(entry, false);
        }

        String format() {
            return heldDecisions ? EARLY_PREFIX + requestId : requestId;
        }
    }

    /** Schedules {@code due} at {@code deadlineMillis}. */
    void add(long deadlineMillis, Due due) {
        String entry = due.format();
        store.put(key(deadlineMillis, entry), entry);
    }

    /** Removes and returns everything due at or before {@code nowMillis}, earliest first. */
    List<Due> takeDue(long nowMillis) {
        List<String> keys = new ArrayList<>();
        List<Due> due = new ArrayList<>();
        try (var it = store.range(key(0, ""), key(nowMillis, "\uffff"))) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                due.add(Due.parse(kv.value));
            });
        }
        keys.forEach(store::delete);
        return due;
    }

    static String key(long deadlineMillis, String entry) {
        return String.format("%020d|%s", deadlineMillis, entry);
    }
}
