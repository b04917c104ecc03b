package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One intent's whole story from the index: its document in {@code countersign-audit} and its chained
 * records in {@code countersign-audit-events}, in chain order, as the timeline; and the blast radius of its
 * targets now ({@code blastRadius}: what the approval cards show, from the lineage indices; absent without
 * targets or without a lookup).
 */
public final class IntentDetails {

    static final String EVENTS = "countersign-audit-events";
    private final Search search;
    private final BlastRadiusLookup blastRadius;

    public IntentDetails(Search search) {
        this(search, BlastRadiusLookup.NONE);
    }

    public IntentDetails(Search search, BlastRadiusLookup blastRadius) {
        this.search = search;
        this.blastRadius = blastRadius;
    }

    public Optional<Map<String, Object>> find(String intentId) {
        Optional<JsonNode> doc = search.get(AuditSearch.INDEX, intentId);
        List<JsonNode> timeline = timeline(intentId);
        if (doc.isEmpty() && timeline.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intent", doc.orElse(Search.JSON.createObjectNode().put("intentId", intentId)));
        out.put("timeline", timeline);
        List<String> targets = new ArrayList<>();
        doc.ifPresent(d -> d.path("targets").forEach(t -> targets.add(t.asText())));
        if (!targets.isEmpty()) {
            blastRadius.of(targets).ifPresent(r -> out.put("blastRadius", r.view()));
        }
        return Optional.of(out);
    }

    /** The intent's chained records ordered by sequence (one chain per intent: its records share a partition). */
    public List<JsonNode> timeline(String intentId) {
        JsonNode r = search.search(EVENTS, Map.of("query", Map.of("term", Map.of("intentId", intentId)), "size", 1_000,
                "sort", List.of(Map.of("sequence", Map.of("order", "asc")))));
        List<JsonNode> out = new ArrayList<>();
        r.path("hits").path("hits").forEach(h -> out.add(h.path("_source")));
        return out;
    }
}
