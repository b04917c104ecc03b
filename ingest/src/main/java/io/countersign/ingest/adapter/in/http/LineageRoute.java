package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.ingest.adapter.in.kafka.DeclaredLabels;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.ingest.domain.openlineage.InvalidEventException;
import io.countersign.ingest.domain.openlineage.LineageBatch;
import io.countersign.ingest.domain.openlineage.RunEventMapper;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.LineageEdge;
import io.countersign.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/lineage}: OpenLineage events exactly as the OpenLineage HTTP transport sends them
 * (the path Marquez serves), so Airflow, Spark, dbt or Flink integrations point at Countersign
 * unchanged. Writes {@code countersign.lineage} (one edge per input → output, keyed by edge id, so a
 * re-sent event rewrites the same keys) and, for labels found in tags facets,
 * {@code countersign.labels.declared}: merged into what is declared, never removing a label.
 */
final class LineageRoute {

    private static final Logger LOG = LoggerFactory.getLogger(LineageRoute.class);

    private final KafkaPublisher publisher;
    private final DeclaredLabels declared;
    private final Clock clock;

    LineageRoute(KafkaPublisher publisher, DeclaredLabels declared, Clock clock) {
        this.publisher = publisher;
        this.declared = declared;
        this.clock = clock;
    }

    void post(Exchange x, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.requireAny(x, Role.LINEAGE, Role.AGENT);
        JsonNode event = Json.tree(body);
        LineageBatch batch;
        try {
            batch = RunEventMapper.map(event);
        } catch (InvalidEventException e) {
            throw new InvalidRequestException(e.field(), e.getMessage());
        }
        for (LineageEdge edge : batch.edges()) {
            publisher.publish(Topics.LINEAGE, edge.getEdgeId(), edge);
        }
        int labelled = 0;
        for (Map.Entry<String, Set<String>> e : batch.labelsByDataset().entrySet()) {
            labelled += merge(e.getKey(), e.getValue(), x.caller.subject().value()) ? 1 : 0;
        }
        LOG.debug("OpenLineage {} event: {} edges, {} datasets newly labelled", batch.eventType(), batch.edges().size(), labelled);
        x.json(201, Map.of("edges", batch.edges().size(), "labelledDatasets", labelled));
    }

    /** Adds tag labels to the dataset's declared labels; writes only when something is new. */
    private boolean merge(String dataset, Set<String> tagLabels, String by) throws KafkaPublisher.UnavailableException {
        DatasetLabels current = declared.get(dataset).orElse(null);
        Set<String> have = new LinkedHashSet<>();
        List<LabelEntry> entries = new ArrayList<>();
        if (current != null) {
            current.getLabels().forEach(l -> have.add(l.getLabel()));
            entries.addAll(current.getLabels());
        }
        for (String label : DatasetRoutes.normalise(List.copyOf(tagLabels), "tags")) {
            if (have.add(label)) {
                entries.add(LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.DECLARED).build());
            }
        }
        if (current != null && entries.size() == current.getLabels().size()) {
            return false;
        }
        DatasetLabels merged = DatasetLabels.newBuilder().setDataset(dataset).setLabels(entries)
                .setOwners(current == null ? List.of() : current.getOwners()).setUpdatedBy(by).setUpdatedAt(clock.instant()).build();
        publisher.publish(Topics.LABELS_DECLARED, dataset, merged);
        declared.put(dataset, merged);
        return true;
    }
}
