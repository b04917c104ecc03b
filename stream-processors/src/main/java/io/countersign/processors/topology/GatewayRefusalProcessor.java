package io.countersign.processors.topology;

import io.countersign.contracts.topics.Topics;
import io.countersign.processors.domain.audit.AuditEvents;
import io.countersign.processors.domain.gate.MaskedIntent;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schema.IntentRefusal;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Audits the intents the ingest gateway refused for whom they claimed to act for: each refusal becomes one
 * {@code REFUSED_AT_GATEWAY} event, masked ({@link MaskedIntent#refusal}), which the audit chain links like
 * every other. The gateway only says what it refused; the event the chain seals is made here, so nothing but
 * the pipeline writes the unchained audit topic.
 *
 * <p>Reads {@code countersign.intents.refused} (key intentId); writes a batch of one event (key intentId) to
 * {@code countersign.audit.unchained}, in the exactly-once transaction that consumes the refusal, so each
 * refusal is audited once. Keeps no state: an agent that sends a refused intent again is refused, and audited,
 * again. A refusal without a value or with an id that is no intent id goes to the dead letters.
 */
final class GatewayRefusalProcessor implements Processor<String, IntentRefusal, String, AuditRecordBatch> {

    static final String NAME = "audit-gateway-refusals";
    static final NamedSink<AuditRecordBatch> AUDIT = new NamedSink<>("gateway-refusals-audit-sink", Topics.AUDIT_UNCHAINED);
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRefusalProcessor.class);

    private ProcessorContext<String, AuditRecordBatch> context;

    @Override
    public void init(ProcessorContext<String, AuditRecordBatch> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, IntentRefusal> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("refusal value is null (tombstones are not refusals)");
        }
        AuditRecord event = AuditEvents.refusedAtGateway(MaskedIntent.refusal(record.value()));
        AUDIT.forward(context, record.withKey(event.getIntentId()).withValue(AuditEvents.batch(List.of(event))));
        LOG.debug("Intent {} refused at the gateway ({}): audited", event.getIntentId(), record.value().getError());
    }
}
