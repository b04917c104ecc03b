package io.countersign.processors.topology;

import io.countersign.contracts.registry.ConfluentAvroSerde;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.topics.Topics;
import io.countersign.processors.domain.approval.ApprovalStateMachine;
import io.countersign.processors.domain.approval.DecisionStep;
import io.countersign.processors.domain.audit.AuditEvents;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.PendingApproval;
import io.countersign.schema.Verdict;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps every approval request's state and applies human decisions to it with
 * {@link ApprovalStateMachine}; expires overdue requests to DENIED on a wall-clock punctuator.
 *
 * <p>Reads {@code countersign.approval-requests} and {@code countersign.approval-decisions}, both keyed
 * by requestId and equally partitioned, so a request and its decisions meet in one task. State is in
 * changelogged stores (requests, the {@link ExpiryIndex} ordered by deadline, and {@link HeldDecisions}),
 * so pending requests, their deadlines and decisions that came early survive restarts. Forwards
 * {@link Verdict}s to {@code countersign.verdicts} and audit events to {@code countersign.audit.unchained},
 * both keyed by intentId.
 *
 * <p>Only a decision signed by a configured key of the channel it names counts; any other (unsigned, an
 * unknown key, another channel's key, a bad signature) is audited as rejected, with actor
 * {@code unverified}, the reason and the key id, and changes nothing. An accepted decision's audit note
 * names its channel and key id.
 */
final class ApprovalProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final String NAME = "approvals";
    static final NamedSink<Verdict> VERDICTS = new NamedSink<>("approvals-verdicts-sink", Topics.VERDICTS);
    static final NamedSink<AuditRecordBatch> AUDIT = new NamedSink<>("approvals-audit-sink", Topics.AUDIT_UNCHAINED);
    static final String PENDING_STORE = "approvals-pending";
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalProcessor.class);

    private final ApprovalStateMachine machine;
    private final Clock clock;
    private final Duration sweepInterval;
    private final Duration retainDecided;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PendingApproval> pending;
    private ExpiryIndex expiry;
    private HeldDecisions early;

    private ApprovalProcessor(ApprovalStateMachine machine, Clock clock, Duration sweepInterval, Duration retainDecided) {
        this.machine = machine;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.retainDecided = retainDecided;
    }

    /** Makes the approvals processor of each task, with the three stores it owns. */
    static ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> supplier(ApprovalStateMachine machine, Clock clock,
            Duration sweepInterval, Duration retainDecided, SchemaRegistryClient registry) {
        return new StoreOwningSupplier<>(() -> new ApprovalProcessor(machine, clock, sweepInterval, retainDecided), Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(),
                        new ConfluentAvroSerde<>(registry, PendingApproval.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ExpiryIndex.STORE), Serdes.String(), Serdes.String()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HeldDecisions.STORE), Serdes.String(),
                        new ConfluentAvroSerde<>(registry, ApprovalDecision.class))));
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pending = context.getStateStore(PENDING_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(ExpiryIndex.STORE));
        this.early = new HeldDecisions(context.getStateStore(HeldDecisions.STORE), expiry);
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
        expiry.add(request.getExpiresAt().toEpochMilli(), new ExpiryIndex.Due(request.getRequestId(), false));
        for (ApprovalDecision held : early.take(request.getRequestId())) {
            decide(record.withValue(held), held);
        }
    }

    private void decide(Record<String, SpecificRecord> record, ApprovalDecision decision) {
        PendingApproval state = pending.get(decision.getRequestId());
        // Only a decision a channel signed may wait for its request; any other is rejected at once.
        if (state == null && machine.signedByItsChannel(decision) && early.hold(decision, clock.millis())) {
            LOG.debug("Decision {} arrived before request {}; holding it", decision.getDecisionId(), decision.getRequestId());
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

    /** Expires overdue requests and forgets decided ones past retention. */
    void sweep(long nowMillis) {
        for (ExpiryIndex.Due due : expiry.takeDue(nowMillis)) {
            String requestId = due.requestId();
            if (due.heldDecisions()) {
                rejectUnclaimed(requestId, nowMillis);
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
                expiry.add(nowMillis + retainDecided.toMillis(), due);
            } else if (state.getFinalizedAt() != null && state.getFinalizedAt() + retainDecided.toMillis() <= nowMillis) {
                pending.delete(requestId);
            } else {
                expiry.add(state.getFinalizedAt() == null ? nowMillis + retainDecided.toMillis()
                        : state.getFinalizedAt() + retainDecided.toMillis(), due);
            }
        }
    }

    /** Decisions still held after the wait answer a request that never came: rejected, and audited. */
    private void rejectUnclaimed(String requestId, long nowMillis) {
        for (ApprovalDecision held : early.take(requestId)) {
            Record<String, SpecificRecord> tick = new Record<>(requestId, held, nowMillis);
            DecisionStep.Rejected r = (DecisionStep.Rejected) machine.apply(null, held);
            LOG.info("Rejected decision {} on request {}: {}", held.getDecisionId(), requestId, r.reason());
            forwardAudit(tick, held.getIntentId(), AuditEventType.DECISION_REJECTED, held.getApprover(),
                    r.reason() + ": " + r.detail(), held);
        }
    }

    private void forwardVerdict(Record<String, SpecificRecord> cause, Verdict verdict) {
        String intentId = verdict.getIntentId();
        VERDICTS.forward(context, new Record<>(intentId, verdict, clock.millis(), cause.headers()));
        forwardAudit(cause, intentId, AuditEventType.VERDICT, "countersign", verdict.getOutcome() + " by " + verdict.getDecidedBy(), verdict);
    }

    private void forwardAudit(Record<String, SpecificRecord> cause, String intentId, AuditEventType type, String actor,
                              String note, Object event) {
        AuditRecord audit = AuditEvents.event(intentId, type, clock.instant(), actor, note, event);
        AUDIT.forward(context, new Record<>(intentId, AuditEvents.batch(List.of(audit)), clock.millis(), cause.headers()));
    }
}
