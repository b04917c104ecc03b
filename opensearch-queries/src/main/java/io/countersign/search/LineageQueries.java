package io.countersign.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.contracts.ids.DatasetUri;
import org.opensearch.client.opensearch.OpenSearchClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lineage questions answered from the OpenSearch indices, for the CLI and the dashboards: what is
 * downstream or upstream of a dataset (breadth first, one terms query per hop over
 * {@code countersign-lineage-edges}, cycles visited once), and why a dataset carries a label (the
 * provenance path the propagation recorded in {@code countersign-datasets}).
 */
public final class LineageQueries {

    /** One edge found, at its distance from the start; {@code intentId} when an agent's execution made it. */
    public record Hop(int depth, String source, String target, String job, String transformation, String origin, String intentId) {
    }

    /** Why a dataset has a label: declared on it, or inherited along {@code path} through {@code via}. */
    public record Explanation(String dataset, String label, boolean declared, List<String> path, List<String> via) {
    }

    static final int MAX_PER_HOP = 10_000;

    private final OpenSearchClient client;

    public LineageQueries(OpenSearchClient client) {
        this.client = client;
    }

    /** Datasets derived from {@code dataset} (any spelling: the index holds canonical URIs), hop by hop. */
    public List<Hop> downstream(String dataset, int depth) throws IOException {
        return walk(DatasetUri.canonicalOrRaw(dataset), depth, "source", "target");
    }

    /** Datasets {@code dataset} (any spelling) was derived from, hop by hop. */
    public List<Hop> upstream(String dataset, int depth) throws IOException {
        return walk(DatasetUri.canonicalOrRaw(dataset), depth, "target", "source");
    }

    private List<Hop> walk(String start, int depth, String from, String to) throws IOException {
        List<Hop> hops = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(List.of(start));
        Set<String> frontier = new LinkedHashSet<>(List.of(start));
        for (int d = 1; d <= depth && !frontier.isEmpty(); d++) {
            Map<String, Object> query = Map.of("size", MAX_PER_HOP, "_source", List.of("source", "target", "job", "transformation", "origin", "intentId"),
                    "query", Map.of("terms", Map.of(from, List.copyOf(frontier))));
            Set<String> next = new LinkedHashSet<>();
            for (JsonNode hit : search(Indices.LINEAGE_EDGES, query).path("hits").path("hits")) {
                JsonNode s = hit.path("_source");
                hops.add(new Hop(d, s.path("source").asText(), s.path("target").asText(), s.path("job").asText(null),
                        s.path("transformation").asText(null), s.path("origin").asText(null), s.path("intentId").asText(null)));
                String reached = s.path(to).asText();
                if (seen.add(reached)) {
                    next.add(reached);
                }
            }
            frontier = next;
        }
        return hops;
    }

    /** Why {@code dataset} (any spelling) carries {@code label}: declared there, or the path it came along. */
    public Optional<Explanation> why(String spelling, String label) throws IOException {
        String dataset = DatasetUri.canonicalOrRaw(spelling);
        JsonNode doc = get(Indices.DATASETS, dataset).path("_source");
        for (JsonNode l : doc.path("declaredLabels")) {
            if (l.path("label").asText().equalsIgnoreCase(label)) {
                return Optional.of(new Explanation(dataset, l.path("label").asText(), true, List.of(dataset), List.of()));
            }
        }
        for (JsonNode l : doc.path("inheritedLabels")) {
            if (l.path("label").asText().equalsIgnoreCase(label)) {
                List<String> path = new ArrayList<>();
                l.path("provenance").forEach(p -> path.add(p.asText()));
                List<String> via = new ArrayList<>();
                l.path("via").forEach(v -> via.add(v.asText()));
                return Optional.of(new Explanation(dataset, l.path("label").asText(), false, path, via));
            }
        }
        return Optional.empty();
    }

    private JsonNode search(String index, Map<String, Object> query) throws IOException {
        return SearchCalls.search(client, index, query);
    }

    private JsonNode get(String index, String id) throws IOException {
        return SearchCalls.get(client, index, id);
    }

    /** Edges grouped by depth, for display. */
    public static Map<Integer, List<Hop>> byDepth(List<Hop> hops) {
        Map<Integer, List<Hop>> out = new LinkedHashMap<>();
        hops.forEach(h -> out.computeIfAbsent(h.depth(), k -> new ArrayList<>()).add(h));
        return out;
    }
}
