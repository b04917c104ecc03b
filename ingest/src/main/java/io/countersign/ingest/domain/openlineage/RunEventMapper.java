package io.countersign.ingest.domain.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.contracts.ids.DatasetUri;
import io.countersign.contracts.ids.InvalidDatasetUriException;
import io.countersign.contracts.ids.LineageEdgeId;
import io.countersign.schema.ColumnLineage;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.LineageEdge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns an OpenLineage event, exactly as the OpenLineage HTTP transport posts it, into Countersign's
 * lineage: one {@link LineageEdge} per input → output dataset of the job (column lineage and its
 * transformation kept), plus labels from tags facets. Accepts RunEvents, JobEvents (static lineage)
 * and DatasetEvents (labels only), validated against the spec's required fields.
 *
 * <p>Dataset URIs are the OpenLineage namespace and name (percent-encoded: names are plain text) joined
 * by {@code /}, in canonical form ({@link DatasetUri}): {@code postgres://db:5432} +
 * {@code crm.public.customers} is {@code pg://db/crm.public.customers}. A namespace that is a plain name
 * rather than a URI ({@code my-namespace}) becomes the host of an {@code openlineage://} URI. A dataset
 * whose URI cannot be canonicalised (a control character, a look-alike host, user info) is refused.
 * Edge ids are the SHA-256 of source, target and job, so a re-sent event makes the same ids and the
 * compacted lineage topic keeps one edge.
 */
public final class RunEventMapper {

    static final int MAX_DATASETS = 1_000;
    private static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

    private RunEventMapper() {
    }

    /** The canonical URI of an OpenLineage dataset; {@code path} is the JSON path named when it has none. */
    public static String datasetUri(String namespace, String name, String path) {
        String base = namespace.contains("://") ? namespace : "openlineage://" + namespace;
        StringBuilder uri = new StringBuilder(base.endsWith("/") ? base : base + "/");
        for (String part : name.split("/", -1)) {
            uri.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20")).append('/');
        }
        try {
            return DatasetUri.parse(uri.toString()).value();
        } catch (InvalidDatasetUriException e) {
            throw new InvalidEventException(path, "namespace and name do not make a dataset URI Countersign accepts: " + e.getMessage());
        }
    }

    public static LineageBatch map(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidEventException("$", "an OpenLineage event must be a JSON object");
        }
        Instant time = EventReader.eventTime(event);
        EventReader.uri(event, "producer", "producer");
        EventReader.uri(event, "schemaURL", "schemaURL");
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        if (event.has("dataset") && !event.has("job")) {
            JsonNode dataset = EventReader.object(event, "dataset", "dataset", true);
            addLabels(labels, dataset, "dataset");
            return new LineageBatch(List.of(), labels, "DATASET");
        }
        JsonNode job = EventReader.object(event, "job", "job", true);
        String jobName = EventReader.text(job, "namespace", "job.namespace", true) + "/" + EventReader.text(job, "name", "job.name", true);
        String eventType = EventReader.text(event, "eventType", "eventType", false);
        if (eventType != null && !EVENT_TYPES.contains(eventType)) {
            throw new InvalidEventException("eventType", "must be one of " + new TreeSet<>(EVENT_TYPES));
        }
        JsonNode run = EventReader.object(event, "run", "run", eventType != null);
        String runId = run == null ? null : EventReader.uuid(run, "runId", "run.runId");
        List<String> inputs = datasets(event, "inputs", labels);
        List<String> outputs = datasets(event, "outputs", labels);
        List<LineageEdge> edges = new ArrayList<>();
        JsonNode outputArray = event.get("outputs");
        for (int o = 0; o < outputs.size(); o++) {
            Map<String, List<ColumnLineage>> columns = ColumnLineageReader.read(outputArray.get(o).get("facets"), "outputs[" + o + "].facets");
            Set<String> sources = new LinkedHashSet<>(inputs);
            sources.addAll(columns.keySet());
            for (String source : sources) {
                List<ColumnLineage> cols = columns.getOrDefault(source, List.of());
                edges.add(LineageEdge.newBuilder().setEdgeId(LineageEdgeId.of(source, outputs.get(o), jobName).value())
                        .setSource(source).setTarget(outputs.get(o)).setOrigin(EdgeOrigin.OPENLINEAGE).setJob(jobName).setRunId(runId)
                        .setIntentId(null).setTransformation(ColumnLineageReader.edgeTransformation(cols)).setColumns(cols)
                        .setObservedAt(time).build());
            }
        }
        return new LineageBatch(edges, labels, eventType != null ? eventType : run == null ? "JOB" : "OTHER");
    }

    private static List<String> datasets(JsonNode event, String name, Map<String, Set<String>> labels) {
        JsonNode array = EventReader.array(event, name, name, MAX_DATASETS);
        List<String> uris = new ArrayList<>();
        if (array == null) {
            return uris;
        }
        for (int i = 0; i < array.size(); i++) {
            String path = name + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw new InvalidEventException(path, "must be a dataset object with namespace and name");
            }
            uris.add(addLabels(labels, array.get(i), path));
        }
        return uris;
    }

    private static String addLabels(Map<String, Set<String>> labels, JsonNode dataset, String path) {
        String uri = datasetUri(EventReader.text(dataset, "namespace", path + ".namespace", true),
                EventReader.text(dataset, "name", path + ".name", true), path);
        JsonNode facets = EventReader.object(dataset, "facets", path + ".facets", false);
        Set<String> found = TagLabels.read(facets, path + ".facets");
        if (!found.isEmpty()) {
            labels.computeIfAbsent(uri, u -> new LinkedHashSet<>()).addAll(found);
        }
        return uri;
    }
}
