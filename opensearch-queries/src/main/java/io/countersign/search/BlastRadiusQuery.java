package io.countersign.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.contracts.ids.DatasetUri;
import org.opensearch.client.opensearch.OpenSearchClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What depends on a set of datasets, from the lineage indices: the datasets downstream of them that inherit
 * their labels — breadth first over {@code countersign-lineage-edges}, one terms query per hop, not across
 * an edge whose transformation stops label propagation ({@link #STOPPING}: masking, aggregation), up to a
 * depth and a cap on datasets — how many of those carry each label ({@code countersign-datasets}, declared or
 * inherited), and how many distinct agents used them in a window ({@code countersign-usage}, hourly rollups).
 * Three to {@code depth + 2} queries; cycles are visited once.
 */
public final class BlastRadiusQuery {

    /** Edge transformations labels do not cross (the lineage-index job's label propagation stops at them too). */
    public static final Set<String> STOPPING = Set.of("MASKED", "AGGREGATION");
    /** Exact below this many distinct agents (OpenSearch's cardinality aggregation is approximate above it). */
    static final int PRECISION = 40_000;

    /**
     * {@code reached} the downstream datasets with the hop each was first reached at, {@code capped}: the walk
     * stopped at its cap; {@code labelled} how many of them carry each label; {@code consumers} distinct agents.
     */
    public record Result(Map<String, Integer> reached, boolean capped, Map<String, Integer> labelled, long consumers) {

        /** The furthest hop a dataset was reached at (0: none). */
        public int hops() {
            return reached.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    private final OpenSearchClient client;

    public BlastRadiusQuery(OpenSearchClient client) {
        this.client = client;
    }

    /** The blast radius of {@code targets} (any spelling): up to {@code depth} hops and {@code maxDatasets} datasets, agents since {@code now - window}. */
    public Result of(Collection<String> targets, int depth, int maxDatasets, Duration window, Instant now) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        targets.forEach(t -> seen.add(DatasetUri.canonicalOrRaw(t)));
        Map<String, Integer> reached = new LinkedHashMap<>();
        Set<String> frontier = new LinkedHashSet<>(seen);
        boolean capped = false;
        for (int d = 1; d <= depth && !frontier.isEmpty() && !capped; d++) {
            Map<String, Object> query = Map.of("size", LineageQueries.MAX_PER_HOP, "_source", List.of("target"),
                    "query", Map.of("bool", Map.of("filter", List.of(Map.of("terms", Map.of("source", List.copyOf(frontier)))),
                            "must_not", List.of(Map.of("terms", Map.of("transformation", List.copyOf(STOPPING)))))));
            Set<String> next = new TreeSet<>();
            for (JsonNode hit : SearchCalls.search(client, Indices.LINEAGE_EDGES, query).path("hits").path("hits")) {
                String target = hit.path("_source").path("target").asText();
                if (seen.add(target)) {
                    next.add(target);
                }
            }
            for (String t : next) {
                if (reached.size() == maxDatasets) {
                    capped = true;
                    break;
                }
                reached.put(t, d);
            }
            frontier = next;
        }
        if (reached.isEmpty()) {
            return new Result(reached, false, Map.of(), 0);
        }
        return new Result(reached, capped, labelled(reached.keySet()), consumers(reached.keySet(), now.minus(window)));
    }

    private Map<String, Integer> labelled(Set<String> datasets) throws IOException {
        Map<String, Object> query = Map.of("size", datasets.size(), "_source", List.of("declaredLabels.label", "inheritedLabels.label"),
                "query", Map.of("ids", Map.of("values", List.copyOf(datasets))));
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode hit : SearchCalls.search(client, Indices.DATASETS, query).path("hits").path("hits")) {
            Set<String> labels = new TreeSet<>(); // a label declared and inherited counts once per dataset
            hit.path("_source").path("declaredLabels").forEach(l -> labels.add(l.path("label").asText()));
            hit.path("_source").path("inheritedLabels").forEach(l -> labels.add(l.path("label").asText()));
            labels.forEach(l -> counts.merge(l, 1, Integer::sum));
        }
        return counts;
    }

    private long consumers(Set<String> datasets, Instant since) throws IOException {
        Map<String, Object> query = Map.of("size", 0, "track_total_hits", false,
                "query", Map.of("bool", Map.of("filter", List.of(Map.of("terms", Map.of("dataset", List.copyOf(datasets))),
                        Map.of("range", Map.of("hour", Map.of("gte", since.toString())))))),
                "aggs", Map.of("agents", Map.of("cardinality", Map.of("field", "agent", "precision_threshold", PRECISION))));
        return SearchCalls.search(client, Indices.USAGE, query).path("aggregations").path("agents").path("value").asLong();
    }
}
