package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audit search over {@code countersign-audit}: one page of intents with facet counts, and the whole
 * result set as CSV (read in pages with {@code search_after}, written as it is read, so an export of
 * 100,000 intents never sits in memory).
 */
public final class AuditSearch {

    static final String INDEX = "countersign-audit";
    public static final int MAX_EXPORT = 100_000;
    static final List<String> SUMMARY_FIELDS = List.of("intentId", "receivedAt", "agent", "principal", "action", "targets", "labels",
            "outcome", "decidedBy", "rules", "riskScore", "timeToDecisionMs", "approvers");
    private static final String CSV_HEADER = "intentId,receivedAt,agent,principal,action,targets,labels,outcome,decidedBy,rules,approvers,timeToDecisionMs";

    private final Search search;

    public AuditSearch(Search search) {
        this.search = search;
    }

    public Map<String, Object> page(AuditQuery q) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", q.query());
        body.put("from", (q.page() - 1) * q.size());
        body.put("size", q.size());
        body.put("sort", q.sortClause());
        body.put("_source", SUMMARY_FIELDS);
        body.put("track_total_hits", true);
        body.put("aggs", facetAggregations());
        JsonNode r = search.search(INDEX, body);
        List<JsonNode> hits = new ArrayList<>();
        r.path("hits").path("hits").forEach(h -> hits.add(h.path("_source")));
        Map<String, Object> facets = new LinkedHashMap<>();
        for (String facet : AuditQuery.FACETS.keySet()) {
            JsonNode agg = facet.equals("approver") ? r.path("aggregations").path("approver").path("names") : r.path("aggregations").path(facet);
            List<Map<String, Object>> buckets = new ArrayList<>();
            agg.path("buckets").forEach(b -> buckets.add(Map.of("value", b.path("key").asText(), "count", b.path("doc_count").asLong())));
            facets.put(facet, buckets);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", r.path("hits").path("total").path("value").asLong());
        out.put("page", q.page());
        out.put("size", q.size());
        out.put("hits", hits);
        out.put("facets", facets);
        return out;
    }

    private static Map<String, Object> facetAggregations() {
        Map<String, Object> aggs = new LinkedHashMap<>();
        AuditQuery.FACETS.forEach((facet, field) -> {
            if (facet.equals("approver")) {
                aggs.put(facet, Map.of("nested", Map.of("path", "approvers"), "aggs", Map.of("names",
                        Map.of("terms", Map.of("field", field, "size", 20)))));
            } else {
                aggs.put(facet, Map.of("terms", Map.of("field", field, "size", 20)));
            }
        });
        return aggs;
    }

    /** Writes every intent matching {@code q} (up to {@link #MAX_EXPORT}) as CSV; returns how many. */
    public int exportCsv(AuditQuery q, Writer out) throws IOException {
        out.write(CSV_HEADER);
        out.write("\r\n");
        int written = 0;
        List<Object> after = null;
        while (written < MAX_EXPORT) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", q.query());
            body.put("size", Math.min(1_000, MAX_EXPORT - written));
            body.put("sort", q.sortClause());
            body.put("_source", SUMMARY_FIELDS);
            if (after != null) {
                body.put("search_after", after);
            }
            JsonNode hits = search.search(INDEX, body).path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            for (JsonNode h : hits) {
                out.write(csvRow(h.path("_source")));
                written++;
                after = new ArrayList<>();
                for (JsonNode v : h.path("sort")) {
                    after.add(v.isNumber() ? v.numberValue() : v.asText());
                }
            }
        }
        out.flush();
        return written;
    }

    static String csvRow(JsonNode d) {
        List<String> approvers = new ArrayList<>();
        d.path("approvers").forEach(a -> approvers.add(a.path("approver").asText() + " " + a.path("decision").asText()));
        List<String> cells = List.of(text(d, "intentId"), text(d, "receivedAt"), text(d, "agent"), text(d, "principal"), text(d, "action"),
                joined(d.path("targets")), joined(d.path("labels")), text(d, "outcome"), text(d, "decidedBy"), joined(d.path("rules")),
                String.join(";", approvers), text(d, "timeToDecisionMs"));
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(csvCell(cells.get(i)));
        }
        return row.append("\r\n").toString();
    }

    /** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
    static String csvCell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    private static String joined(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return String.join(";", out);
    }
}
