package io.countersign.lineage.adapter.in;

import io.countersign.contracts.ids.DatasetUri;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.domain.GraphChange;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LineageEdge;
import io.countersign.search.BlastRadiusQuery;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code countersign.lineage} and {@code countersign.labels.declared} as changes to the label
 * graph. Edges whose transformation masks or aggregates are kept but marked as not carrying labels.
 * Dataset URIs are taken in canonical form ({@link DatasetUri}): the gateway writes them so, but other
 * producers may not, and inherited labels must be keyed as the decision pipeline looks them up.
 * (Unreadable records are dead-lettered by the index side of the job, which reads the same topics.)
 */
public final class GraphChangeSchema implements KafkaRecordDeserializationSchema<GraphChange> {

    private static final Logger LOG = LoggerFactory.getLogger(GraphChangeSchema.class);
    public static final List<String> TOPICS = List.of(Topics.LINEAGE.name(), Topics.LABELS_DECLARED.name());
    static final Set<String> STOPPING = BlastRadiusQuery.STOPPING; // one list: what the walk and the propagation stop at

    private final String registryUrl;
    private transient Deserializer<LineageEdge> edges;
    private transient Deserializer<DatasetLabels> labels;

    public GraphChangeSchema(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(registryUrl);
        edges = Topics.LINEAGE.valueSerde(registry).deserializer();
        labels = Topics.LABELS_DECLARED.valueSerde(registry).deserializer();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<GraphChange> out) {
        try {
            if (record.topic().equals(Topics.LINEAGE.name())) {
                if (record.value() != null) {
                    LineageEdge e = edges.deserialize(record.topic(), record.value());
                    out.collect(GraphChange.edge(DatasetUri.canonicalOrRaw(e.getSource()), DatasetUri.canonicalOrRaw(e.getTarget()),
                            e.getJob(), !STOPPING.contains(e.getTransformation())));
                }
            } else if (record.key() != null) {
                DatasetLabels l = record.value() == null ? null : labels.deserialize(record.topic(), record.value());
                out.collect(GraphChange.declared(DatasetUri.canonicalOrRaw(new String(record.key(), StandardCharsets.UTF_8)),
                        l == null ? List.of() : l.getLabels().stream().map(LabelEntry::getLabel).toList()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable record {}-{}@{} for label propagation: {}", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public TypeInformation<GraphChange> getProducedType() {
        return TypeInformation.of(GraphChange.class);
    }
}
