package io.countersign.lineage.adapter.out;

import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.domain.InheritedLabels;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a dataset's inherited labels to the compacted {@code countersign.labels.inherited} (key =
 * dataset URI), each label with its provenance path and jobs; no inherited label left is a tombstone,
 * which is how a retraction reaches the decision pipeline.
 */
public final class InheritedLabelsSerializer implements KafkaRecordSerializationSchema<InheritedLabels> {

    private final String registryUrl;
    private transient Serializer<DatasetLabels> serializer;

    public InheritedLabelsSerializer(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        serializer = Topics.LABELS_INHERITED.valueSerde(new HttpSchemaRegistryClient(registryUrl)).serializer();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(InheritedLabels element, KafkaSinkContext context, Long timestamp) {
        byte[] key = element.dataset.getBytes(StandardCharsets.UTF_8);
        if (element.labels.isEmpty()) {
            return new ProducerRecord<>(Topics.LABELS_INHERITED.name(), key, null);
        }
        List<LabelEntry> entries = new ArrayList<>();
        for (int i = 0; i < element.labels.size(); i++) {
            entries.add(LabelEntry.newBuilder().setLabel(element.labels.get(i)).setSource(LabelSource.INHERITED)
                    .setProvenance(element.paths.get(i)).setVia(element.vias.get(i)).build());
        }
        DatasetLabels labels = DatasetLabels.newBuilder().setDataset(element.dataset).setLabels(entries).setUpdatedBy("lineage-index")
                .setUpdatedAt(Instant.now()).build();
        return new ProducerRecord<>(Topics.LABELS_INHERITED.name(), key, serializer.serialize(Topics.LABELS_INHERITED.name(), labels));
    }
}
