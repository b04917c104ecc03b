package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.search.LineageQueries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Datasets from {@code countersign-datasets}, {@code countersign-lineage-edges} (through
 * {@link LineageQueries}, from opensearch-queries) and {@code countersign-usage}: finding datasets,
 * one dataset's labels with provenance and usage counters, its lineage graph up and down, and its use
 * per day by agent.
 */
public final class DatasetViews {

    static final String DATASETS = "countersign-datasets";
    static final String USAGE = "countersign-usage";
    private final Search search;
    private final LineageQueries lineage;
    private final Clock clock;

    public DatasetViews(Search search, Clock clock) {
        this.search = search;
        this.lineage = new LineageQueries(search.client());
        this.clock = clock;
    }

    public List<Map<String, Object>> find(String q, int size) {
        Map<String, Object> query = q == null || q.isBlank() ? Map.of("match_all", Map.of())
                : Map.of("wildcard", Map.of("dataset", Map.of("value", "*" + q.strip().replace("*", "\\*").replace("?", "\\?") + "*",
                "case_insensitive", true)));
        JsonNode r = search.search(DATASETS, Map.of("query", query, "size", size, "sort", List.of(Map.of("dataset", "asc"))));
        List<Map<String, Object>> out = new ArrayList<>();
        r.path("hits").path("hits").forEach(h -> {
            JsonNode d = h.path("_source");
            out.add(Map.of("dataset", d.path("dataset").asText(), "labels", labels(d), "total", d.path("usage").path("total").asLong(0)));
        });
        return out;
    }

    public Optional<JsonNode> dataset(String uri) {
        Optional<JsonNode> doc = search.get(DATASETS, uri);
        if (doc.isPresent()) {
            return doc;
        }
        // Known only as an edge's end (no labels or usage yet): still a dataset with lineage.
        JsonNode edges = search.search("countersign-lineage-edges", Map.of("size", 1, "query", Map.of("bool", Map.of("should", List.of(
                Map.of("term", Map.of("source", uri)), Map.of("term", Map.of("target", uri))), "minimum_should_match", 1))));
        return edges.path("hits").path("hits").isEmpty() ? Optional.empty() : Optional.of(Search.JSON.createObjectNode().put("dataset", uri));
    }

    public Map<String, Object> lineage(String uri, int upstream, int downstream) {
        List<Map<String, Object>> edges = new ArrayList<>();
        Set<String> nodes = new LinkedHashSet<>(List.of(uri));
        try {
            addEdges(lineage.upstream(uri, upstream), "upstream", edges, nodes);
            addEdges(lineage.downstream(uri, downstream), "downstream", edges, nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> labels = new LinkedHashMap<>();
        JsonNode docs = search.search(DATASETS, Map.of("size", nodes.size(), "query", Map.of("terms", Map.of("dataset", List.copyOf(nodes)))));
        docs.path("hits").path("hits").forEach(h -> labels.put(h.path("_source").path("dataset").asText(), labels(h.path("_source"))));
        List<Map<String, Object>> nodeList = new ArrayList<>();
        for (String n : nodes) {
            nodeList.add(Map.of("id", n, "labels", labels.getOrDefault(n, List.of()), "root", n.equals(uri)));
        }
        return Map.of("root", uri, "nodes", nodeList, "edges", edges);
    }

    private static void addEdges(List<LineageQueries.Hop> hops, String direction, List<Map<String, Object>> edges, Set<String> nodes) {
        for (LineageQueries.Hop h : hops) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("source", h.source());
            e.put("target", h.target());
            e.put("job", h.job());
            e.put("transformation", h.transformation());
            e.put("origin", h.origin());
            e.put("intentId", h.intentId());
            e.put("depth", h.depth());
            e.put("direction", direction);
            edges.add(e);
            nodes.add(h.source());
            nodes.add(h.target());
        }
    }

    public Map<String, Object> usage(String uri, int days) {
        String since = clock.instant().minus(Duration.ofDays(days)).toString();
        JsonNode r = search.search(USAGE, Map.of("size", 0, "query", Map.of("bool", Map.of("filter", List.of(
                        Map.of("term", Map.of("dataset", uri)), Map.of("range", Map.of("hour", Map.of("gte", since)))))),
                "aggs", Map.of("days", Map.of("date_histogram", Map.of("field", "hour", "calendar_interval", "1d", "format", "yyyy-MM-dd"),
                        "aggs", Map.of("agents", Map.of("terms", Map.of("field", "agent", "size", 50),
                                "aggs", Map.of("total", Map.of("sum", Map.of("field", "total")), "denials", Map.of("sum", Map.of("field", "denials")))))))));
        List<Map<String, Object>> series = new ArrayList<>();
        for (JsonNode day : r.path("aggregations").path("days").path("buckets")) {
            for (JsonNode agent : day.path("agents").path("buckets")) {
                series.add(Map.of("day", day.path("key_as_string").asText(), "agent", agent.path("key").asText(),
                        "total", agent.path("total").path("value").asLong(), "denials", agent.path("denials").path("value").asLong()));
            }
        }
        return Map.of("days", days, "series", series);
    }

    static List<String> labels(JsonNode doc) {
        Set<String> out = new LinkedHashSet<>();
        doc.path("declaredLabels").forEach(l -> out.add(l.path("label").asText()));
        doc.path("inheritedLabels").forEach(l -> out.add(l.path("label").asText()));
        return List.copyOf(out);
    }
}
