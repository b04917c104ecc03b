package io.countersign.processors.topology;

import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.Verdict;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The audit chain's side of the first-wins gate ({@code stream-processors.gate: first-wins}). That gate runs at least once and writes each decision only as its audit batch, so
 * a gate restarted after a crash may decide an intent again, and differently if the policy or a label changed. The
 * first batch of an intent in its partition's order wins: it is chained, and its verdict or approval request is
 * forwarded here, in the chain's exactly-once transaction; a later batch of the same intent is dropped. Whoever reads
 * the gate's batches in that order (an agent's fast verdict view) sees the same first decision.
 *
 * <p>Reads the batches on {@code countersign.audit.unchained} that the first-wins gate marked {@code delivers} (after a
 * switch of {@code stream-processors.gate}, some may still be there for the exactly-once chain); writes {@link Verdict}s (key intentId) to {@code countersign.verdicts} and {@link ApprovalRequest}s (key
 * requestId) to {@code countersign.approval-requests}. Keeps the intent ids it let through in {@link #STORE}.
 */
final class FirstDecisions {

    static final String STORE = "audit-first-decisions";
    static final NamedSink<Verdict> VERDICTS = new NamedSink<>("chain-verdicts-sink", Topics.VERDICTS);
    static final NamedSink<ApprovalRequest> REQUESTS = new NamedSink<>("chain-approval-requests-sink", Topics.APPROVAL_REQUESTS);
    private static final Logger LOG = LoggerFactory.getLogger(FirstDecisions.class);

    private final SeenIntents decided;

    FirstDecisions(ProcessorContext<?, ?> context, Clock clock) {
        this.decided = new SeenIntents(context, STORE, clock);
    }

    /**
     * Whether a gate's batch is its intent's first decision, remembering it if so. Another intent under the same id
     * is refused (a dead letter), as the exactly-once gate refuses it.
     */
    boolean admit(AuditRecordBatch batch, int partition, long offset) {
        String intentId = batch.getEvents().get(0).getIntentId();
        if (decided.firstTime(intentId, intentHash(batch))) {
            return true;
        }
        LOG.info("Intent {} decided again (audit.unchained partition {} offset {}); its first decision stands", intentId, partition, offset);
        return false;
    }

    /** Forwards the verdict or the approval request of an admitted gate batch. */
    void forward(ProcessorContext<String, SpecificRecord> context, Record<String, AuditRecordBatch> batch) {
        for (AuditRecord event : batch.value().getEvents()) {
            if (event.getEvent() instanceof Verdict verdict) {
                VERDICTS.forward(context, new Record<>(verdict.getIntentId(), verdict, batch.timestamp(), batch.headers()));
            } else if (event.getEvent() instanceof ApprovalRequest request) {
                REQUESTS.forward(context, new Record<>(request.getRequestId(), request, batch.timestamp(), batch.headers()));
            }
        }
    }

    private static String intentHash(AuditRecordBatch batch) {
        for (AuditRecord event : batch.getEvents()) {
            if (event.getEvent() instanceof Verdict verdict) {
                return verdict.getIntentHash();
            }
            if (event.getEvent() instanceof ApprovalRequest request) {
                return request.getIntentHash();
            }
        }
        throw new IllegalArgumentException("the gate's audit batch of intent " + batch.getEvents().get(0).getIntentId()
                + " holds neither a verdict nor an approval request");
    }
}
