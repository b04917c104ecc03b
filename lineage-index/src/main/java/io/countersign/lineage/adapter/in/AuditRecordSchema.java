package io.countersign.lineage.adapter.in;

import io.countersign.lineage.domain.AuditDocuments;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.schema.AuditRecord;
import io.countersign.schemas.registry.HttpSchemaRegistryClient;
import io.countersign.schemas.topics.Topics;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code countersign.audit} records (Confluent wire format, Avro, through the project's registry
 * client) straight into index writes, so only plain POJOs flow through the job. A record that cannot be
 * read becomes a failed {@link IndexOp} carrying its coordinates, which the sink sends to the
 * dead-letter topic; the job goes on.
 */
public final class AuditRecordSchema implements KafkaRecordDeserializationSchema<IndexOp> {

    private final String registryUrl;
    private transient Deserializer<AuditRecord> deserializer;

    public AuditRecordSchema(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        deserializer = Topics.AUDIT.valueSerde(new HttpSchemaRegistryClient(registryUrl)).deserializer();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IndexOp> out) {
        String source = record.topic() + "|" + record.partition() + "|" + record.offset();
        try {
            AuditRecord r = deserializer.deserialize(record.topic(), record.value());
            if (r == null) {
                return;
            }
            AuditDocuments.of(r, source).forEach(out::collect);
        } catch (RuntimeException e) {
            out.collect(IndexOp.failed("unreadable audit record: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), source));
        }
    }

    @Override
    public TypeInformation<IndexOp> getProducedType() {
        return TypeInformation.of(IndexOp.class);
    }
}
