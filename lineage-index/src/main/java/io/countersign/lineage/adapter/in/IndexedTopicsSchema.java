package io.countersign.lineage.adapter.in;

import io.countersign.contracts.ids.DatasetUri;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.domain.AuditDocuments;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.LineageDocuments;
import io.countersign.lineage.domain.Origin;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LineageEdge;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the topics the index is built from — {@code countersign.audit}, {@code countersign.lineage},
 * {@code countersign.labels.declared} and {@code countersign.labels.inherited} (Confluent wire format,
 * Avro, through the project's registry client) — straight into index writes, so only plain POJOs flow
 * through the job. A record that cannot be read becomes a failed {@link IndexOp} carrying its
 * coordinates, which the sink sends to the dead-letter topic; the job goes on.
 */
public final class IndexedTopicsSchema implements KafkaRecordDeserializationSchema<IndexOp> {

    /** The topics this schema reads. */
    public static final List<String> TOPICS = List.of(Topics.AUDIT.name(), Topics.LINEAGE.name(), Topics.LABELS_DECLARED.name(),
            Topics.LABELS_INHERITED.name());

    private final String registryUrl;
    private transient Deserializer<AuditRecord> audit;
    private transient Deserializer<LineageEdge> lineage;
    private transient Deserializer<DatasetLabels> labels;

    public IndexedTopicsSchema(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(registryUrl);
        audit = Topics.AUDIT.valueSerde(registry).deserializer();
        lineage = Topics.LINEAGE.valueSerde(registry).deserializer();
        labels = Topics.LABELS_DECLARED.valueSerde(registry).deserializer();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IndexOp> out) {
        Origin source = Origin.kafka(record.topic(), record.partition(), record.offset());
        try {
            String topic = record.topic();
            if (topic.equals(Topics.AUDIT.name())) {
                AuditRecord r = record.value() == null ? null : audit.deserialize(topic, record.value());
                if (r != null) {
                    AuditDocuments.of(r, source).forEach(out::collect);
                }
            } else if (topic.equals(Topics.LINEAGE.name())) {
                if (record.value() != null) {
                    out.collect(LineageDocuments.edge(lineage.deserialize(topic, record.value()), source));
                }
            } else {
                if (record.key() == null) {
                    throw new IllegalArgumentException("a labels record needs the dataset URI as its key");
                }
                String dataset = DatasetUri.canonicalOrRaw(new String(record.key(), StandardCharsets.UTF_8));
                DatasetLabels l = record.value() == null ? null : labels.deserialize(topic, record.value());
                out.collect(LineageDocuments.labels(dataset, l, topic.equals(Topics.LABELS_DECLARED.name()), source));
            }
        } catch (RuntimeException e) {
            out.collect(IndexOp.failed(IndexOp.DESERIALIZE, "unreadable " + record.topic() + " record: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), source));
        }
    }

    @Override
    public TypeInformation<IndexOp> getProducedType() {
        return TypeInformation.of(IndexOp.class);
    }
}
