package io.countersign.lineage.adapter.out;

import io.countersign.contracts.ids.LineageEdgeId;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.domain.ExecutionEdge;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.LineageEdge;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes execution lineage to the compacted {@code countersign.lineage} as {@code LineageEdge}s with
 * origin {@code EXECUTION}: key and edge id are the {@link LineageEdgeId} of source, target and action,
 * the same identity OpenLineage edges use, so a re-run of the same action updates one edge. The transformation
 * is {@code UNKNOWN}: an agent's report does not say whether it masked, so labels keep flowing.
 */
public final class ExecutionEdgeSerializer implements KafkaRecordSerializationSchema<ExecutionEdge> {

    private final String registryUrl;
    private transient Serializer<LineageEdge> serializer;

    public ExecutionEdgeSerializer(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        serializer = Topics.LINEAGE.valueSerde(new HttpSchemaRegistryClient(registryUrl)).serializer();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ExecutionEdge e, KafkaSinkContext context, Long timestamp) {
        LineageEdge edge = edge(e);
        return new ProducerRecord<>(Topics.LINEAGE.name(), edge.getEdgeId().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(Topics.LINEAGE.name(), edge));
    }

    /** The edge as written: id from {@link LineageEdgeId}, origin {@code EXECUTION}, transformation {@code UNKNOWN}. */
    static LineageEdge edge(ExecutionEdge e) {
        return LineageEdge.newBuilder().setEdgeId(LineageEdgeId.of(e.source, e.target, e.job).value()).setSource(e.source).setTarget(e.target)
                .setOrigin(EdgeOrigin.EXECUTION).setJob(e.job).setIntentId(e.intentId).setTransformation("UNKNOWN")
                .setObservedAt(Instant.ofEpochMilli(e.at)).build();
    }
}
