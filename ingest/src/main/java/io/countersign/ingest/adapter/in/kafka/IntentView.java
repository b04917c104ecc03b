package io.countersign.ingest.adapter.in.kafka;

import io.countersign.contracts.canonical.IntentHash;
import io.countersign.ingest.domain.IntentStatus;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * What this gateway instance knows of each intent: who submitted it, whether it waits for review, and
 * its verdict; plus the long-polls waiting for a verdict. Fed by {@link GatewayRecords} from the
 * intents, approval-requests and verdicts topics, and behind the first-wins gate from its decisions on
 * {@code countersign.audit.unchained} (so every instance answers for every intent, and a
 * restarted instance rebuilds it), and by the gateway itself the moment Kafka acknowledges an intent.
 *
 * <p>Bounded: beyond {@code capacity} intents the oldest are forgotten and answer 404, which keeps a
 * gateway's memory flat however long it runs (the audit index is where old intents are looked up).
 */
public final class IntentView {

    /**
     * One intent as seen here; {@code agentId} and {@code payload} (see {@link #payload}) are null until the
     * intent itself has been read; {@code reviewRequestId} is the approval request's id once a review was requested.
     */
    public record Entry(String intentId, String agentId, IntentStatus status, Verdict verdict, byte[] payload, String reviewRequestId) {

        /** An entry without a review request. */
        public Entry(String intentId, String agentId, IntentStatus status, Verdict verdict, byte[] payload) {
            this(intentId, agentId, status, verdict, payload, null);
        }
    }

    /** How a request with an idempotency key relates to what this view knows under the same intent id. */
    public enum Replay {
        /** Nothing known under this id: a first request. */
        NEW,
        /** The same request again: answer as a replay. */
        SAME,
        /** Another request under a key already used: refuse (422). */
        DIFFERENT,
        /** Only the verdict or review of this id has been read so far, not the intent: cannot tell yet. */
        UNKNOWN
    }

    private final Map<String, Entry> entries;
    private final Map<String, List<CompletableFuture<Entry>>> waiters = new LinkedHashMap<>();

    public IntentView(int capacity) {
        this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<Entry> get(String intentId) {
        return Optional.ofNullable(entries.get(intentId));
    }

    /** Whether the submitting agent of {@code intentId} is known here already. */
    public synchronized boolean knowsSubmitter(String intentId) {
        Entry e = entries.get(intentId);
        return e != null && e.agentId() != null;
    }

    public void intent(ActionIntent intent) {
        byte[] payload = payload(intent);
        update(intent.getIntentId(), old -> new Entry(intent.getIntentId(), intent.getAgent().getId(),
                old == null ? IntentStatus.PENDING : old.status(), old == null ? null : old.verdict(), payload,
                old == null ? null : old.reviewRequestId()));
    }

    public void reviewRequested(ApprovalRequest request) {
        update(request.getIntentId(), old -> old != null && old.status().decided() ? old : underReview(old, request));
    }

    public void verdict(Verdict verdict) {
        update(verdict.getIntentId(), old -> decided(old, verdict));
    }

    /**
     * The first-wins gate's verdict, read from its audit batch before the audit chain writes it to the verdicts topic.
     * Taken only as the first decision ({@link #firstDecision}).
     */
    public void gateVerdict(Verdict verdict) {
        firstDecision(verdict.getIntentId(), old -> decided(old, verdict));
    }

    /** The first-wins gate's approval request, read from its audit batch; taken, like {@link #gateVerdict}, only as the first. */
    public void gateReviewRequested(ApprovalRequest request) {
        firstDecision(request.getIntentId(), old -> underReview(old, request));
    }

    /**
     * Applies a first-wins gate's decision only while nothing is decided or under review here: the gate may decide an
     * intent again after a crash, and its first decision, the one the chain keeps, is the one read first.
     */
    private void firstDecision(String intentId, UnaryOperator<Entry> decide) {
        update(intentId, old -> old != null && old.status() != IntentStatus.PENDING ? old : decide.apply(old));
    }

    private static Entry decided(Entry old, Verdict verdict) {
        return new Entry(verdict.getIntentId(), old == null ? null : old.agentId(), IntentStatus.of(verdict), verdict,
                old == null ? null : old.payload(), verdict.getRequestId());
    }

    private static Entry underReview(Entry old, ApprovalRequest request) {
        return new Entry(request.getIntentId(), old == null ? null : old.agentId(), IntentStatus.PENDING_REVIEW, null,
                old == null ? null : old.payload(), request.getRequestId());
    }

    /** Whether {@code intent} repeats the request already known under its id (same agent and idempotency key). */
    public Replay replayOf(ActionIntent intent) {
        byte[] payload = payload(intent);
        Entry known = get(intent.getIntentId()).orElse(null);
        if (known == null) {
            return Replay.NEW;
        }
        if (known.payload() == null) {
            return Replay.UNKNOWN;
        }
        return MessageDigest.isEqual(known.payload(), payload) ? Replay.SAME : Replay.DIFFERENT;
    }

    /**
     * SHA-256 of what a retry must repeat: the intent hash's canonical form (what runs) and the reason
     * (what approvers read). Timestamps and the agent's framework and model may differ between retries.
     */
    static byte[] payload(ActionIntent intent) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(IntentHash.canonicalJson(intent).getBytes(StandardCharsets.UTF_8));
            // 0 for no reason, 1 + text otherwise, so a missing reason and an empty one differ.
            sha.update(intent.getReason() == null ? new byte[]{0} : ("\u0001" + intent.getReason()).getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /**
     * Completes when the intent is decided; {@code intentId} may still be unknown here (submitted through
     * another instance a moment ago). The caller bounds the wait.
     */
    public synchronized CompletableFuture<Entry> whenDecided(String intentId) {
        Entry e = entries.get(intentId);
        if (e != null && e.status().decided() && e.agentId() != null) {
            return CompletableFuture.completedFuture(e);
        }
        CompletableFuture<Entry> f = new CompletableFuture<>();
        waiters.computeIfAbsent(intentId, k -> new ArrayList<>()).add(f);
        // Drop the registration once the caller gives up, so abandoned polls do not pile up.
        f.whenComplete((v, t) -> forget(intentId, f));
        return f;
    }

    public synchronized int size() {
        return entries.size();
    }

    private synchronized void forget(String intentId, CompletableFuture<Entry> f) {
        List<CompletableFuture<Entry>> list = waiters.get(intentId);
        if (list != null) {
            list.remove(f);
            if (list.isEmpty()) {
                waiters.remove(intentId);
            }
        }
    }

    private void update(String intentId, UnaryOperator<Entry> change) {
        List<CompletableFuture<Entry>> ready = List.of();
        Entry now;
        synchronized (this) {
            now = change.apply(entries.get(intentId));
            entries.put(intentId, now);
            if (now.status().decided() && now.agentId() != null && waiters.containsKey(intentId)) {
                ready = new ArrayList<>(waiters.remove(intentId));
            }
        }
        // Complete outside the lock: completion runs the HTTP responses.
        for (CompletableFuture<Entry> f : ready) {
            f.complete(now);
        }
    }
}
