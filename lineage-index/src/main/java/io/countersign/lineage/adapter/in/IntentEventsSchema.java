package io.countersign.lineage.adapter.in;

import io.countersign.contracts.ids.DatasetUri;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.domain.IntentEvent;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.Verdict;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.List;

/**
 * Reads {@code countersign.audit} into {@link IntentEvent}s for usage rollups and execution lineage:
 * the received intent, its verdict and its execution report; other audit events are not needed here.
 * An unreadable record is skipped and counted ({@code unreadableAuditRecords}): the index source reads
 * the same topic and already sends it to the dead-letter topic with its coordinates, once.
 */
public final class IntentEventsSchema implements KafkaRecordDeserializationSchema<IntentEvent> {

    private final String registryUrl;
    private transient Deserializer<AuditRecord> audit;
    private transient Counter unreadable;

    public IntentEventsSchema(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        audit = Topics.AUDIT.valueSerde(new HttpSchemaRegistryClient(registryUrl)).deserializer();
        unreadable = context.getMetricGroup().counter("unreadableAuditRecords");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IntentEvent> out) {
        if (record.value() == null) {
            return;
        }
        AuditRecord r;
        try {
            r = audit.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            unreadable.inc();
            return;
        }
        IntentEvent event = of(r);
        if (event != null) {
            out.collect(event);
        }
    }

    /** The event this audit record contributes, or null when usage and lineage do not need it. */
    static IntentEvent of(AuditRecord r) {
        Object e = r.getEvent();
        if (e instanceof IntentSummary s) {
            return IntentEvent.received(r.getIntentId(), s.getOccurredAt().toEpochMilli(), s.getAgent().getId(), s.getAction(),
                    canonical(s.getTargets()), s.getDestination() != null && s.getDestination().getExternal());
        }
        if (e instanceof Verdict v) {
            return IntentEvent.verdict(r.getIntentId(), v.getDecidedAt().toEpochMilli(), v.getOutcome().name());
        }
        if (e instanceof ExecutionReport x) {
            return IntentEvent.execution(r.getIntentId(), x.getReportedAt().toEpochMilli(), x.getStatus().name(),
                    canonical(x.getOutputDatasets()));
        }
        return null;
    }

    /**
     * Datasets in canonical form, so usage and execution lineage meet the labels: intents written to
     * Kafka without the gateway may spell a dataset another way (one with no canonical form stays as is).
     */
    private static String[] canonical(List<String> datasets) {
        return datasets.stream().map(DatasetUri::canonicalOrRaw).toArray(String[]::new);
    }

    @Override
    public TypeInformation<IntentEvent> getProducedType() {
        return TypeInformation.of(IntentEvent.class);
    }
}
