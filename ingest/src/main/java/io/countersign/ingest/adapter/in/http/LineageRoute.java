package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.adapter.in.kafka.DeclaredLabels;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.ingest.domain.TagLabelMerge;
import io.countersign.ingest.domain.openlineage.InvalidEventException;
import io.countersign.ingest.domain.openlineage.LineageBatch;
import io.countersign.ingest.domain.openlineage.RunEventMapper;
import io.countersign.schema.LineageEdge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/lineage}: OpenLineage events exactly as the OpenLineage HTTP transport sends them
 * (the path Marquez serves), so Airflow, Spark, dbt or Flink integrations point at Countersign
 * unchanged. Writes {@code countersign.lineage} (one edge per input → output, keyed by edge id, so a
 * re-sent event rewrites the same keys).
 *
 * <p>Labels are a steward's decision. Labels found in tags facets are written to
 * {@code countersign.labels.declared} only when the caller holds {@link Role#LABEL_PRODUCER} (a steward
 * trusts it for labels), only for datasets that are absolute URIs as the steward API checks them, and
 * only as {@link TagLabelMerge} allows: added, never removed, never a non-sensitive label on a declared
 * dataset. Every other tag label is ignored and counted in the answer ({@code ignoredLabels}, with the
 * reasons); the lineage is written either way.
 */
final class LineageRoute {

    private static final Logger LOG = LoggerFactory.getLogger(LineageRoute.class);
    static final String UNTRUSTED = "this key is not trusted for labels: tags facets become labels only from keys with the label-producer"
            + " role; a steward declares labels with PUT /v1/datasets/{uri}/labels";
    static final String NOT_A_URI = "labels go only to datasets whose namespace and name make an absolute URI (scheme://…), as the steward API"
            + " needs to read and remove them";
    static final String WOULD_LOWER = "tags add labels but never PUBLIC or INTERNAL to a dataset that already has a declaration, and never"
            + " more than " + TagLabelMerge.MAX_LABELS + " labels; ask a steward";

    static final String NOT_A_MASKING_PRODUCER = "only keys with the lineage or label-producer role may mark edges MASKED or AGGREGATION"
            + " (which stop labels); from this key they are written as TRANSFORMATION, so labels follow them";
    private static final Set<String> STOPS_LABELS = Set.of("MASKED", "AGGREGATION");
    private static final String CARRIES_LABELS = "TRANSFORMATION";

    private final KafkaPublisher publisher;
    private final DeclaredLabels declared;
    private final Clock clock;

    LineageRoute(KafkaPublisher publisher, DeclaredLabels declared, Clock clock) {
        this.publisher = publisher;
        this.declared = declared;
        this.clock = clock;
    }

    void post(Exchange x, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.requireAny(x, Role.LINEAGE, Role.AGENT, Role.LABEL_PRODUCER);
        JsonNode event = Json.tree(body);
        LineageBatch batch;
        try {
            batch = RunEventMapper.map(event);
        } catch (InvalidEventException e) {
            throw new InvalidRequestException(e.field(), e.getMessage());
        }
        // An agent describing its own output as masked or aggregated would stop labels from following it:
        // only lineage producers (and producers trusted for labels) may say an edge does not carry labels.
        boolean mayStopLabels = x.caller.has(Role.LINEAGE) || x.caller.has(Role.LABEL_PRODUCER);
        int carriers = 0;
        for (LineageEdge edge : batch.edges()) {
            LineageEdge written = edge;
            if (!mayStopLabels && STOPS_LABELS.contains(edge.getTransformation())) {
                written = LineageEdge.newBuilder(edge).setTransformation(CARRIES_LABELS).build();
                carriers++;
            }
            publisher.publish(Topics.LINEAGE, written.getEdgeId(), written);
        }
        boolean trusted = x.caller.has(Role.LABEL_PRODUCER);
        String by = x.caller.subject().value();
        int labelled = 0;
        int ignored = 0;
        Set<String> reasons = new LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> e : batch.labelsByDataset().entrySet()) {
            String reason = !trusted ? UNTRUSTED : !isDatasetUri(e.getKey()) ? NOT_A_URI : null;
            if (reason != null) {
                ignored += e.getValue().size();
                reasons.add(reason);
                continue;
            }
            TagLabelMerge.Result r = TagLabelMerge.merge(e.getKey(), declared.get(e.getKey()).orElse(null), e.getValue(), by, clock.instant());
            if (!r.refused().isEmpty()) {
                ignored += r.refused().size();
                reasons.add(WOULD_LOWER);
            }
            if (r.merged() != null) {
                publisher.publish(Topics.LABELS_DECLARED, e.getKey(), r.merged());
                declared.put(e.getKey(), r.merged());
                labelled++;
            }
        }
        if (ignored > 0 && trusted) {
            LOG.info("OpenLineage tags from {} not applied: {} labels ignored", x.caller, ignored);
        } else if (ignored > 0) {
            // Producers that tag every event would flood the log; the answer tells the caller already.
            LOG.debug("OpenLineage tags from {}, not trusted for labels: {} labels ignored", x.caller, ignored);
        }
        LOG.debug("OpenLineage {} event: {} edges, {} datasets newly labelled", batch.eventType(), batch.edges().size(), labelled);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("edges", batch.edges().size());
        out.put("labelledDatasets", labelled);
        out.put("ignoredLabels", ignored);
        if (carriers > 0) {
            out.put("edgesCarryingLabels", carriers);
            out.put("edgesCarryingLabelsReason", NOT_A_MASKING_PRODUCER);
        }
        if (!reasons.isEmpty()) {
            out.put("ignoredLabelsReasons", List.copyOf(reasons));
        }
        x.json(201, out);
    }

    /** Whether labels may go under this key: the steward API's own URI check, so it can read and remove them. */
    private static boolean isDatasetUri(String dataset) {
        try {
            DatasetRoutes.checkUri(dataset);
            return true;
        } catch (InvalidRequestException notAUri) {
            return false;
        }
    }
}
