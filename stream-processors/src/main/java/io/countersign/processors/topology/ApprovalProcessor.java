package io.countersign.processors.topology;

import io.countersign.processors.domain.approval.ApprovalStateMachine;
import io.countersign.processors.domain.approval.DecisionStep;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.PendingApproval;
import io.countersign.schema.Verdict;
import io.countersign.schemas.signing.ChannelKeys;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every approval request's state and applies human decisions to it with
 * {@link ApprovalStateMachine}; expires overdue requests to DENIED on a wall-clock punctuator.
 *
 * <p>Reads {@code countersign.approval-requests} and {@code countersign.approval-decisions}, both keyed
 * by requestId and equally partitioned, so a request and its decisions meet in one task. State is in
 * changelogged stores (requests, and an expiry index ordered by deadline), so pending requests and their
 * deadlines survive restarts. Forwards {@link Verdict}s and audit events, keyed by intentId.
 *
 * <p>Only a decision signed by a configured key of the channel it names counts; any other (unsigned, an
 * unknown key, another channel's key, a bad signature) is audited as rejected, with actor
 * {@code unverified}, the reason and the key id, and changes nothing. An accepted decision's audit note
 * names its channel and key id.
 */
final class ApprovalProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final String PENDING_STORE = "approvals-pending";
    static final String EXPIRY_STORE = "approvals-expiry-index";
    static final String EARLY_STORE = "approvals-early-decisions";
    /**
     * How long a decision may wait for its request. Requests and decisions come from two topics, and a
     * fast approver (or API client) can have its decision fetched before the request it answers; such a
     * decision is held, not rejected. One whose request never comes is rejected as unknown after this.
     */
    static final Duration EARLY_DECISION_WAIT = Duration.ofMinutes(5);
    private static final String EARLY_PREFIX = "early:";
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalProcessor.class);

    private final ApprovalStateMachine machine;
    private final Clock clock;
    private final Duration sweepInterval;
    private final Duration retainDecided;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PendingApproval> pending;
    private KeyValueStore<String, String> expiry;
    private KeyValueStore<String, ApprovalDecision> early;

    ApprovalProcessor(ApprovalStateMachine machine, Clock clock, Duration sweepInterval, Duration retainDecided) {
        this.machine = machine;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.retainDecided = retainDecided;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pending = context.getStateStore(PENDING_STORE);
        this.expiry = context.getStateStore(EXPIRY_STORE);
        this.early = context.getStateStore(EARLY_STORE);
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, now -> sweep(now));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof ApprovalRequest request) {
            open(record, request);
        } else if (record.value() instanceof ApprovalDecision decision) {
            decide(record, decision);
        }
    }

    private void open(Record<String, SpecificRecord> record, ApprovalRequest request) {
        if (pending.get(request.getRequestId()) != null) {
            return; // redelivered request: it is already open (or decided)
        }
        PendingApproval state = ApprovalStateMachine.open(request, request.getCreatedAt());
        pending.put(request.getRequestId(), state);
        expiry.put(expiryKey(request.getExpiresAt().toEpochMilli(), request.getRequestId()), request.getRequestId());
        for (ApprovalDecision held : takeEarly(request.getRequestId())) {
            decide(record.withValue(held), held);
        }
    }

    private void decide(Record<String, SpecificRecord> record, ApprovalDecision decision) {
        PendingApproval state = pending.get(decision.getRequestId());
        // Only a decision a channel signed may wait for its request; any other is rejected at once.
        if (state == null && machine.signedByItsChannel(decision) && holdEarly(decision)) {
            return;
        }
        DecisionStep step = machine.apply(state, decision);
        String intentId = decision.getIntentId();
        if (step instanceof DecisionStep.Duplicate) {
            LOG.debug("Duplicate decision {} on request {}", decision.getDecisionId(), decision.getRequestId());
        } else if (step instanceof DecisionStep.Rejected r) {
            if (r.next() != null) {
                pending.put(decision.getRequestId(), r.next());
            }
            LOG.info("Rejected decision {} on request {} (key {}): {}", decision.getDecisionId(), decision.getRequestId(),
                    ChannelKeys.printable(decision.getSigningKeyId()), r.reason());
            // An unsigned or forged decision proves nothing about who made it: the named approver is not the actor.
            forwardAudit(record, intentId, AuditEventType.DECISION_REJECTED, r.reason().unproven() ? "unverified"
                    : decision.getApprover(), r.reason() + ": " + r.detail(), decision);
        } else if (step instanceof DecisionStep.Accepted a) {
            pending.put(decision.getRequestId(), a.next());
            forwardAudit(record, intentId, AuditEventType.DECISION_ACCEPTED, decision.getApprover(),
                    decision.getDecision().name() + " via " + decision.getChannel() + ", signed by key " + decision.getSigningKeyId(), decision);
            if (a.verdict() != null) {
                forwardVerdict(record, a.verdict());
            }
        }
    }

    /** Holds a decision whose request has not arrived yet; false when it has waited long enough already. */
    private boolean holdEarly(ApprovalDecision decision) {
        String key = decision.getRequestId() + "|" + decision.getDecisionId();
        long deadline = decision.getDecidedAt().toEpochMilli() + EARLY_DECISION_WAIT.toMillis();
        if (deadline <= clock.millis()) {
            return false;
        }
        if (early.get(key) == null) {
            early.put(key, decision);
            expiry.put(expiryKey(deadline, EARLY_PREFIX + decision.getRequestId()), EARLY_PREFIX + decision.getRequestId());
            LOG.debug("Decision {} arrived before request {}; holding it", decision.getDecisionId(), decision.getRequestId());
        }
        return true;
    }

    /** Removes and returns the decisions held for {@code requestId}, oldest first. */
    private List<ApprovalDecision> takeEarly(String requestId) {
        List<ApprovalDecision> held = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (var it = early.range(requestId + "|", requestId + "|\uffff")) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                held.add(kv.value);
            });
        }
        keys.forEach(early::delete);
        held.sort(java.util.Comparator.comparing(ApprovalDecision::getDecidedAt));
        return held;
    }

    /** Expires overdue requests and forgets decided ones past retention. */
    void sweep(long nowMillis) {
        List<String> due = new ArrayList<>();
        try (var it = expiry.range(expiryKey(0, ""), expiryKey(nowMillis, "\uffff"))) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        for (String key : due) {
            String requestId = expiry.get(key);
            expiry.delete(key);
            if (requestId.startsWith(EARLY_PREFIX)) {
                rejectUnclaimed(requestId.substring(EARLY_PREFIX.length()), nowMillis);
                continue;
            }
            PendingApproval state = pending.get(requestId);
            if (state == null) {
                continue;
            }
            if (state.getOutcome() == null) {
                DecisionStep.Accepted expired = machine.expire(state);
                pending.put(requestId, expired.next());
                Record<String, SpecificRecord> tick = new Record<>(requestId, expired.verdict(), nowMillis);
                forwardVerdict(tick, expired.verdict());
                LOG.info("Approval request {} expired: denied", requestId);
                // Keep the decided state a while, so late clicks are recognised and audited as late.
                expiry.put(expiryKey(nowMillis + retainDecided.toMillis(), requestId), requestId);
            } else if (state.getFinalizedAt() != null && state.getFinalizedAt() + retainDecided.toMillis() <= nowMillis) {
                pending.delete(requestId);
            } else {
                expiry.put(expiryKey(state.getFinalizedAt() == null ? nowMillis + retainDecided.toMillis()
                        : state.getFinalizedAt() + retainDecided.toMillis(), requestId), requestId);
            }
        }
    }

    /** Decisions still held after the wait answer a request that never came: rejected, and audited. */
    private void rejectUnclaimed(String requestId, long nowMillis) {
        for (ApprovalDecision held : takeEarly(requestId)) {
            Record<String, SpecificRecord> tick = new Record<>(requestId, held, nowMillis);
            DecisionStep.Rejected r = (DecisionStep.Rejected) machine.apply(null, held);
            LOG.info("Rejected decision {} on request {}: {}", held.getDecisionId(), requestId, r.reason());
            forwardAudit(tick, held.getIntentId(), AuditEventType.DECISION_REJECTED, held.getApprover(),
                    r.reason() + ": " + r.detail(), held);
        }
    }

    private void forwardVerdict(Record<String, SpecificRecord> cause, Verdict verdict) {
        String intentId = verdict.getIntentId();
        context.forward(new Record<String, SpecificRecord>(intentId, verdict, clock.millis(), cause.headers()));
        forwardAudit(cause, intentId, AuditEventType.VERDICT, "countersign", verdict.getOutcome() + " by " + verdict.getDecidedBy(), verdict);
    }

    private void forwardAudit(Record<String, SpecificRecord> cause, String intentId, AuditEventType type, String actor,
                              String note, Object event) {
        context.forward(new Record<String, SpecificRecord>(intentId,
                AuditEvents.event(intentId, type, clock.instant(), actor, note, event), clock.millis(), cause.headers()));
    }

    static String expiryKey(long deadlineMillis, String requestId) {
        return String.format("%020d|%s", deadlineMillis, requestId);
    }
}
