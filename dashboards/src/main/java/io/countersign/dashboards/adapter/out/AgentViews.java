package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Agents from {@code countersign-audit}: every agent active in a period with its totals and denials,
 * and one agent's actions per day by outcome, the actions and datasets it used, and its denials.
 */
public final class AgentViews {

    private static final List<String> REFUSED = List.of("DENIED", "EXPIRED");
    private final Search search;
    private final Clock clock;

    public AgentViews(Search search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    public List<Map<String, Object>> agents(int days) {
        JsonNode r = search.search(AuditSearch.INDEX, Map.of("size", 0, "query", since(days),
                "aggs", Map.of("agents", Map.of("terms", Map.of("field", "agent", "size", 1_000),
                        "aggs", Map.of("denied", Map.of("filter", Map.of("terms", Map.of("outcome", REFUSED))),
                                "lastSeen", Map.of("max", Map.of("field", "receivedAt")))))));
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode b : r.path("aggregations").path("agents").path("buckets")) {
            out.add(Map.of("agent", b.path("key").asText(), "total", b.path("doc_count").asLong(), "denied", b.path("denied").path("doc_count").asLong(),
                    "lastSeen", b.path("lastSeen").path("value_as_string").asText("")));
        }
        return out;
    }

    public Map<String, Object> agent(String agent, int days) {
        Map<String, Object> query = Map.of("bool", Map.of("filter", List.of(Map.of("term", Map.of("agent", agent)), since(days))));
        Map<String, Object> aggs = new LinkedHashMap<>();
        aggs.put("perDay", Map.of("date_histogram", Map.of("field", "receivedAt", "calendar_interval", "1d", "format", "yyyy-MM-dd"),
                "aggs", Map.of("outcomes", Map.of("terms", Map.of("field", "outcome", "size", 10)))));
        aggs.put("actions", Map.of("terms", Map.of("field", "action", "size", 50)));
        aggs.put("datasets", Map.of("terms", Map.of("field", "targets", "size", 100)));
        aggs.put("denied", Map.of("filter", Map.of("terms", Map.of("outcome", REFUSED))));
        JsonNode r = search.search(AuditSearch.INDEX, Map.of("size", 0, "track_total_hits", true, "query", query, "aggs", aggs));
        JsonNode a = r.path("aggregations");
        List<Map<String, Object>> perDay = new ArrayList<>();
        for (JsonNode day : a.path("perDay").path("buckets")) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("day", day.path("key_as_string").asText());
            d.put("allowed", 0L);
            d.put("denied", 0L);
            d.put("expired", 0L);
            for (JsonNode o : day.path("outcomes").path("buckets")) {
                d.put(o.path("key").asText().toLowerCase(Locale.ROOT), o.path("doc_count").asLong());
            }
            perDay.add(d);
        }
        JsonNode denials = search.search(AuditSearch.INDEX, Map.of("size", 50, "query", Map.of("bool", Map.of("filter", List.of(
                        Map.of("term", Map.of("agent", agent)), Map.of("terms", Map.of("outcome", REFUSED)), since(days)))),
                "sort", List.of(Map.of("receivedAt", Map.of("order", "desc", "unmapped_type", "date"))),
                "_source", List.of("intentId", "receivedAt", "action", "targets", "rules", "verdictMessage", "outcome")));
        List<JsonNode> denied = new ArrayList<>();
        denials.path("hits").path("hits").forEach(h -> denied.add(h.path("_source")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent", agent);
        out.put("days", days);
        out.put("total", r.path("hits").path("total").path("value").asLong());
        out.put("denied", a.path("denied").path("doc_count").asLong());
        out.put("perDay", perDay);
        out.put("actions", buckets(a.path("actions")));
        out.put("datasets", buckets(a.path("datasets")));
        out.put("denials", denied);
        return out;
    }

    private Map<String, Object> since(int days) {
        return Map.of("range", Map.of("receivedAt", Map.of("gte", clock.instant().minus(Duration.ofDays(days)).toString())));
    }

    private static List<Map<String, Object>> buckets(JsonNode agg) {
        List<Map<String, Object>> out = new ArrayList<>();
        agg.path("buckets").forEach(b -> out.add(Map.of("value", b.path("key").asText(), "count", b.path("doc_count").asLong())));
        return out;
    }
}
