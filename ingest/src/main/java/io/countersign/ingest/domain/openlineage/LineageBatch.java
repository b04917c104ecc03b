package io.countersign.ingest.domain.openlineage;

import io.countersign.schema.LineageEdge;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one OpenLineage event means for Countersign: the edges from each input to each output, the
 * labels its tags facets give each dataset (upper case), and the event type (RunEvent's eventType,
 * or JOB / DATASET for the static events).
 */
public record LineageBatch(List<LineageEdge> edges, Map<String, Set<String>> labelsByDataset, String eventType) {

    public LineageBatch {
        edges = List.copyOf(edges);
        labelsByDataset = Map.copyOf(labelsByDataset);
    }
}
