package io.countersign.lineage.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.schema.ColumnLineage;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LineageEdge;
import io.countersign.search.Indices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Index writes for lineage and labels: each {@link LineageEdge} is one document in
 * {@code countersign-lineage-edges} (id = edge id; first seen kept from the first write, last seen
 * moved by every later one), and each dataset's declared or inherited labels, with their provenance
 * paths, go to its document in {@code countersign-datasets} (id = dataset URI), with who declared each
 * label and who last changed the declaration ({@code declaredBy}, {@code declaredUpdatedAt}). A
 * tombstone clears that side's labels.
 */
public final class LineageDocuments {

    public static final String EDGES = Indices.LINEAGE_EDGES;
    public static final String DATASETS = Indices.DATASETS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineageDocuments() {
    }

    public static IndexOp edge(LineageEdge e, Origin origin) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("edgeId", e.getEdgeId());
        doc.put("source", e.getSource());
        doc.put("target", e.getTarget());
        doc.put("origin", e.getOrigin().name());
        doc.put("job", e.getJob());
        doc.put("runId", e.getRunId());
        doc.put("intentId", e.getIntentId());
        doc.put("transformation", e.getTransformation());
        List<Map<String, Object>> columns = new ArrayList<>();
        for (ColumnLineage c : e.getColumns()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("outputField", c.getOutputField());
            col.put("inputDataset", c.getInputDataset());
            col.put("inputField", c.getInputField());
            col.put("transformationType", c.getTransformationType());
            col.put("transformationSubtype", c.getTransformationSubtype());
            col.put("masking", c.getMasking());
            columns.add(col);
        }
        doc.put("columns", columns);
        doc.put("lastSeen", e.getObservedAt().toString());
        Map<String, Object> first = new LinkedHashMap<>(doc);
        first.put("firstSeen", e.getObservedAt().toString());
        IndexOp op = IndexOp.upsert(EDGES, e.getEdgeId(), json(doc), origin);
        op.upsertJson = json(first);
        return op;
    }

    /** {@code declared} or {@code inherited} labels of {@code dataset}; {@code labels == null} clears them. */
    public static IndexOp labels(String dataset, DatasetLabels labels, boolean declared, Origin origin) {
        List<Map<String, Object>> entries = new ArrayList<>();
        if (labels != null) {
            for (LabelEntry l : labels.getLabels()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("label", l.getLabel());
                entry.put("source", l.getSource().name());
                entry.put("provenance", l.getProvenance());
                entry.put("via", l.getVia());
                if (l.getDeclaredBy() != null) {
                    entry.put("declaredBy", l.getDeclaredBy());
                }
                entries.add(entry);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataset", dataset);
        doc.put(declared ? "declaredLabels" : "inheritedLabels", entries);
        if (declared && labels != null) {
            doc.put("owners", labels.getOwners());
        }
        if (declared) {
            // A removal does not say who made it: clear the last writer rather than show it for a change it did not make.
            doc.put("declaredBy", labels == null ? null : labels.getUpdatedBy());
        }
        doc.put((declared ? "declared" : "inherited") + "UpdatedAt", labels == null ? null : labels.getUpdatedAt().toString());
        return IndexOp.upsert(DATASETS, dataset, json(doc), origin);
    }

    private static String json(Map<String, Object> doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write index document", e);
        }
    }
}
