package io.countersign.processors.topology;

import io.countersign.schema.ExecutionReport;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import java.util.ArrayList;
import java.util.List;

/**
 * Execution reports that came before their intent's verdict, waiting for it. Behind the first-wins gate an agent
 * learns its verdict from the gate's audit batch, before the audit chain writes it to {@code countersign.verdicts},
 * so its report can reach the execution check first; it is held, not called a violation, until the verdict comes or
 * the wait runs out. A view of the store {@value #STORE}, keyed {@code <intent id>|<partition>-<offset>} of the
 * report, each with the time it was held as its timestamp.
 */
final class HeldExecutions {

    static final String STORE = "execution-check-awaiting-verdict";

    /** A held report and when it was held. */
    record Held(String key, ExecutionReport report, long heldAtMillis) {
    }

    private final TimestampedKeyValueStore<String, ExecutionReport> store;

    HeldExecutions(TimestampedKeyValueStore<String, ExecutionReport> store) {
        this.store = store;
    }

    void hold(ExecutionReport report, int partition, long offset, long nowMillis) {
        store.put(report.getIntentId() + "|" + partition + "-" + offset, ValueAndTimestamp.make(report, nowMillis));
    }

    /** Every report held now, oldest key first. */
    List<Held> all() {
        List<Held> held = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<ExecutionReport>> it = store.all()) {
            it.forEachRemaining(kv -> held.add(new Held(kv.key, kv.value.value(), kv.value.timestamp())));
        }
        return held;
    }

    void release(Held held) {
        store.delete(held.key());
    }
}
