package io.countersign.processors.topology;

import io.countersign.contracts.topics.Topics;
import io.countersign.processors.domain.audit.AuditEvents;
import io.countersign.processors.domain.gate.MaskedIntent;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import io.countersign.schema.Violation;
import io.countersign.schema.ViolationKind;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks what agents report they executed against the verdicts given. An execution without an ALLOWED
 * verdict, or whose hash differs from the intent that was approved, is a violation: it is recorded in the
 * audit and counted. Every report is audited; FAILED and CANCELLED (the caller withdrew the intent, whatever
 * its verdict, e.g. an MCP client's {@code notifications/cancelled}) say nothing ran, so they are never violations.
 *
 * <p>Reads {@code countersign.executions} (key intentId) and looks verdicts up in a store fed from
 * {@code countersign.verdicts} (same key, same partition count). Writes audit events to
 * {@code countersign.audit.unchained}, with the report's free-text detail masked: the agent wrote it, and
 * the audit never forgets.
 *
 * <p>Behind the first-wins gate ({@link #supplier} with a wait) a report whose verdict is not here yet is held for up to
 * {@code verdictWait} ({@link HeldExecutions}), since the agent may have had the gate's decision before the verdict
 * was written; one checked against a verdict given by approvers after it was held is executed without a verdict.
 */
final class ExecutionCheckProcessor implements Processor<String, ExecutionReport, String, AuditRecordBatch> {

    static final String NAME = "execution-check";
    static final NamedSink<AuditRecordBatch> AUDIT = new NamedSink<>("execution-check-audit-sink", Topics.AUDIT_UNCHAINED);
    static final String VERDICT_STORE = "verdicts-by-intent";
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionCheckProcessor.class);
    static final AtomicLong VIOLATIONS = new AtomicLong();

    private final Clock clock;
    private final Duration verdictWait;
    private ProcessorContext<String, AuditRecordBatch> context;
    // A materialised KTable store is timestamped: values come wrapped with the record time.
    private TimestampedKeyValueStore<String, Verdict> verdicts;
    private HeldExecutions held;

    private ExecutionCheckProcessor(Clock clock, Duration verdictWait) {
        this.clock = clock;
        this.verdictWait = verdictWait;
    }

    /**
     * Makes an execution check per task that holds a report without its verdict for up to {@code verdictWait}
     * ({@link DecisionTopology#FIRST_WINS_VERDICT_WAIT} behind the first-wins gate, zero behind the exactly-once one).
     * Every check owns the store of held reports, whichever gate runs: after a switch back to the exactly-once gate,
     * the reports still held are checked at once instead of lying unchecked in a store nothing reads.
     */
    static ProcessorSupplier<String, ExecutionReport, String, AuditRecordBatch> supplier(Clock clock, Duration verdictWait,
                                                                                      Serde<ExecutionReport> reports) {
        return new StoreOwningSupplier<>(() -> new ExecutionCheckProcessor(clock, verdictWait), Set.of(Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(HeldExecutions.STORE), Serdes.String(), reports)));
    }

    @Override
    public void init(ProcessorContext<String, AuditRecordBatch> context) {
        this.context = context;
        this.verdicts = context.getStateStore(VERDICT_STORE);
        this.held = new HeldExecutions(context.getStateStore(HeldExecutions.STORE));
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::releaseHeld);
    }

    @Override
    public void process(Record<String, ExecutionReport> record) {
        ExecutionReport report = record.value();
        String intentId = report.getIntentId();
        forwardAudit(record, AuditEvents.event(intentId, AuditEventType.EXECUTION,
                report.getReportedAt(), report.getAgentId(), report.getStatus().name(), MaskedIntent.execution(report)));
        if (report.getStatus() == ExecutionStatus.FAILED || report.getStatus() == ExecutionStatus.CANCELLED) {
            return; // nothing ran (failed, or withdrawn before it ran), so nothing can have run without permission
        }
        Verdict verdict = ValueAndTimestamp.getValueOrNull(verdicts.get(intentId));
        if (verdict == null && !verdictWait.isZero()) {
            var metadata = context.recordMetadata().orElseThrow();
            held.hold(report, metadata.partition(), metadata.offset(), clock.millis());
            return;
        }
        violation(record, report, check(report, verdict));
    }

    /** Checks each held report whose verdict has come, or whose wait has run out. */
    private void releaseHeld(long nowMillis) {
        for (HeldExecutions.Held h : held.all()) {
            Verdict verdict = ValueAndTimestamp.getValueOrNull(verdicts.get(h.report().getIntentId()));
            if (verdict == null && nowMillis - h.heldAtMillis() < verdictWait.toMillis()) {
                continue;
            }
            Violation violation = check(h.report(), verdict);
            if (violation == null && verdict.getDecidedBy() != DecidedBy.POLICY && verdict.getDecidedAt().toEpochMilli() > h.heldAtMillis()) {
                // Approved (or expired) after the agent reported running it: it ran before any verdict was given.
                violation = violation(h.report(), ViolationKind.EXECUTED_WITHOUT_VERDICT, "executed before the approvers' verdict was given");
            }
            held.release(h);
            violation(new Record<>(h.report().getIntentId(), h.report(), nowMillis), h.report(), violation);
        }
    }

    private void violation(Record<String, ExecutionReport> cause, ExecutionReport report, Violation violation) {
        if (violation != null) {
            VIOLATIONS.incrementAndGet();
            LOG.warn("Execution violation {} for intent {} by {}", violation.getKind(), report.getIntentId(), report.getAgentId());
            forwardAudit(cause, AuditEvents.event(report.getIntentId(), AuditEventType.VIOLATION,
                    violation.getDetectedAt(), report.getAgentId(), violation.getKind().name(), violation));
        }
    }

    /** Sends one event to the chain, as a batch of one. */
    private void forwardAudit(Record<String, ExecutionReport> cause, AuditRecord event) {
        AUDIT.forward(context, cause.withKey(event.getIntentId()).withValue(AuditEvents.batch(List.of(event))));
    }

    private Violation check(ExecutionReport report, Verdict verdict) {
        ViolationKind kind = null;
        String detail = null;
        if (verdict == null) {
            kind = ViolationKind.EXECUTED_WITHOUT_VERDICT;
            detail = "executed before any verdict was given";
        } else if (verdict.getOutcome() != Outcome.ALLOWED) {
            kind = ViolationKind.EXECUTED_AFTER_DENIAL;
            detail = "executed although the verdict was DENIED (" + verdict.getDecidedBy() + ")";
        } else if (!verdict.getIntentHash().equals(report.getExecutedHash())) {
            kind = ViolationKind.HASH_MISMATCH;
            detail = "executed hash " + abbrev(report.getExecutedHash()) + " differs from the approved " + abbrev(verdict.getIntentHash());
        }
        return kind == null ? null : violation(report, kind, detail);
    }

    private Violation violation(ExecutionReport report, ViolationKind kind, String detail) {
        return Violation.newBuilder().setIntentId(report.getIntentId()).setKind(kind).setDetail(detail).setDetectedAt(clock.instant()).build();
    }

    private static String abbrev(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
