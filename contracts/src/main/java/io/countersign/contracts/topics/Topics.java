package io.countersign.contracts.topics;

import io.countersign.contracts.topics.Topic.Cleanup;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.LineageEdge;
import io.countersign.schema.Verdict;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.List;

/**
 * The catalogue of every Kafka topic Countersign reads or writes: the single place that names them.
 * Services refer to these constants, never to topic name strings.
 */
public final class Topics {

    /** Kept until deleted by an operator: audit evidence and its signatures must not age out. */
    private static final Duration FOREVER = Duration.ofMillis(-1);

    public static final Topic<String, ActionIntent> INTENTS = new Topic<>(
            "countersign.intents", Serdes.String(), ActionIntent.class, 6, Cleanup.DELETE, Duration.ofDays(30),
            "Action intents published by agents (directly or via the ingest gateway). Key: intentId.");

    /**
     * Intents the ingest gateway refused for whom they claimed to act for. A topic of their own rather than a
     * write to {@link #AUDIT_UNCHAINED}: the gateway faces agents, so it may only say that it refused
     * something, and the decision pipeline turns each refusal into a REFUSED_AT_GATEWAY audit event in its
     * own exactly-once transaction; no one but the pipeline writes events the chain seals. Refusals are
     * rare, and their events are partitioned by intent id on the way to the chain, so three partitions do.
     */
    public static final Topic<String, IntentRefusal> INTENTS_REFUSED = new Topic<>(
            "countersign.intents.refused", Serdes.String(), IntentRefusal.class, 3, Cleanup.DELETE, Duration.ofDays(30),
            "Intents the ingest gateway refused (403) for their principal, without parameters; audited by the decision pipeline."
                    + " Key: intentId.");

    public static final Topic<String, DatasetLabels> LABELS_DECLARED = new Topic<>(
            "countersign.labels.declared", Serdes.String(), DatasetLabels.class, 3, Cleanup.COMPACT, null,
            "Sensitivity labels declared by data stewards. Key: dataset URI.");

    public static final Topic<String, DatasetLabels> LABELS_INHERITED = new Topic<>(
            "countersign.labels.inherited", Serdes.String(), DatasetLabels.class, 3, Cleanup.COMPACT, null,
            "Labels inherited through lineage, written by lineage-index. Key: dataset URI.");

    public static final Topic<String, LineageEdge> LINEAGE = new Topic<>(
            "countersign.lineage", Serdes.String(), LineageEdge.class, 3, Cleanup.COMPACT, null,
            "Lineage edges from executions and OpenLineage events. Key: edgeId.");

    public static final Topic<String, ApprovalRequest> APPROVAL_REQUESTS = new Topic<>(
            "countersign.approval-requests", Serdes.String(), ApprovalRequest.class, 3, Cleanup.DELETE, Duration.ofDays(30),
            "Review intents waiting for humans (masked). Key: requestId.");

    public static final Topic<String, ApprovalDecision> APPROVAL_DECISIONS = new Topic<>(
            "countersign.approval-decisions", Serdes.String(), ApprovalDecision.class, 3, Cleanup.DELETE, Duration.ofDays(30),
            "Approve/deny decisions from Slack or the approval API. Key: requestId.");

    public static final Topic<String, Verdict> VERDICTS = new Topic<>(
            "countersign.verdicts", Serdes.String(), Verdict.class, 6, Cleanup.COMPACT, null,
            "Final verdict per intent, which agents wait on. Key: intentId.");

    public static final Topic<String, ExecutionReport> EXECUTIONS = new Topic<>(
            "countersign.executions", Serdes.String(), ExecutionReport.class, 6, Cleanup.DELETE, Duration.ofDays(30),
            "What agents report they executed. Key: intentId.");

    /**
     * Lifecycle events before they are chained: the gate, the approvals state machine and the execution
     * check each write here, and only the audit chain reads it. One topic in the catalogue rather than a
     * Streams repartition topic, so those three stay separate sub-topologies: merged before a
     * repartition, they would be one task that reads its own output (verdicts, approval requests) and so
     * waits on its own transactions before deciding the next intent. Events one step writes together
     * travel as one batch (one write instead of three for an allowed intent). As many partitions as
     * {@link #AUDIT}: the events of partition p are chain p.
     */
    public static final Topic<String, AuditRecordBatch> AUDIT_UNCHAINED = new Topic<>(
            "countersign.audit.unchained", Serdes.String(), AuditRecordBatch.class, 3, Cleanup.DELETE, Duration.ofDays(30),
            "Audit events waiting to be hash-chained, a batch per pipeline step; read only by the decision pipeline's audit chain."
                    + " Key: intentId.");

    public static final Topic<String, AuditRecord> AUDIT = new Topic<>(
            "countersign.audit", Serdes.String(), AuditRecord.class, 3, Cleanup.DELETE, FOREVER,
            "Hash-chained lifecycle events, one chain per partition. Key: intentId.");

    public static final Topic<String, AuditCheckpoint> AUDIT_CHECKPOINTS = new Topic<>(
            "countersign.audit-checkpoints", Serdes.String(), AuditCheckpoint.class, 1, Cleanup.DELETE, FOREVER,
            "Ed25519-signed heads of the audit chains. Key: chain partition.");

    public static final Topic<byte[], DeadLetter> DEAD_LETTERS = new Topic<>(
            "countersign.dead-letters", Serdes.ByteArray(), DeadLetter.class, 3, Cleanup.DELETE, Duration.ofDays(30),
            "Records that could not be processed, with the reason and source coordinates. Key: original key bytes.");

    /** Every topic, in the order they appear in the data flow. */
    public static final List<Topic<?, ?>> ALL = List.of(
            INTENTS, INTENTS_REFUSED, LABELS_DECLARED, LABELS_INHERITED, LINEAGE, APPROVAL_REQUESTS, APPROVAL_DECISIONS,
            VERDICTS, EXECUTIONS, AUDIT_UNCHAINED, AUDIT, AUDIT_CHECKPOINTS, DEAD_LETTERS);

    private Topics() {
    }
}
