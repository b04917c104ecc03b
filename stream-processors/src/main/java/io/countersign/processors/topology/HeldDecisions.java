package io.countersign.processors.topology;

import io.countersign.schema.ApprovalDecision;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decisions that arrived before the request they answer, waiting for it. Requests and decisions come
 * from two topics, and a fast approver (or API client) can have its decision fetched before the request;
 * such a decision is held, not rejected, for {@link #WAIT}, and given up through the {@link ExpiryIndex}.
 * A view of the store {@code approvals-early-decisions}, keyed {@code <request id>|<decision id>} so that
 * a request's held decisions are one range scan.
 */
final class HeldDecisions {

    static final String STORE = "approvals-early-decisions";
    /** How long a decision may wait for its request; one whose request never comes is then rejected as unknown. */
    static final Duration WAIT = Duration.ofMinutes(5);

    private final KeyValueStore<String, ApprovalDecision> store;
    private final ExpiryIndex expiry;

    HeldDecisions(KeyValueStore<String, ApprovalDecision> store, ExpiryIndex expiry) {
        this.store = store;
        this.expiry = expiry;
    }

    /** Holds {@code decision} until its request comes; false when it has waited long enough already. */
    boolean hold(ApprovalDecision decision, long nowMillis) {
        long deadline = decision.getDecidedAt().toEpochMilli() + WAIT.toMillis();
        if (deadline <= nowMillis) {
            return false;
        }
        String key = decision.getRequestId() + "|" + decision.getDecisionId();
        if (store.get(key) == null) { // else a redelivery, held already
            store.put(key, decision);
            expiry.add(deadline, new ExpiryIndex.Due(decision.getRequestId(), true));
        }
        return true;
    }

    /** Removes and returns the decisions held for {@code requestId}, oldest first. */
    List<ApprovalDecision> take(String requestId) {
        List<ApprovalDecision> held = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (var it = store.range(requestId + "|", requestId + "|\uffff")) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                held.add(kv.value);
            });
        }
        keys.forEach(store::delete);
        held.sort(Comparator.comparing(ApprovalDecision::getDecidedAt));
        return held;
    }
}
