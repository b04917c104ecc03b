package io.countersign.dashboards.adapter.out;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One audit search as the analyst asked for it: free text, facet filters (values of one facet OR'ed,
 * facets AND'ed), a time range on when the intent was received, sort and page. Turns itself into the
 * OpenSearch query. Validated on construction; errors say which parameter and what is allowed.
 */
public record AuditQuery(String q, Map<String, List<String>> filters, Instant from, Instant to, String sort, boolean ascending,
                         int page, int size) {

    /** Facet name → indexed field. {@code approver} is nested. */
    public static final Map<String, String> FACETS = facets();
    static final Set<String> SORTS = Set.of("receivedAt", "timeToDecisionMs", "riskScore", "action", "agent", "outcome");
    static final int MAX_WINDOW = 10_000;

    public AuditQuery {
        q = q == null ? "" : q.strip();
        if (q.length() > 500) {
            throw new IllegalArgumentException("q is longer than 500 characters");
        }
        filters = filters == null ? Map.of() : Map.copyOf(filters);
        for (String f : filters.keySet()) {
            if (!FACETS.containsKey(f)) {
                throw new IllegalArgumentException("unknown facet '" + f + "'; facets are " + FACETS.keySet());
            }
        }
        sort = sort == null || sort.isBlank() ? "receivedAt" : sort;
        if (!SORTS.contains(sort)) {
            throw new IllegalArgumentException("sort must be one of " + SORTS);
        }
        if (page < 1 || size < 1 || size > 200) {
            throw new IllegalArgumentException("page starts at 1 and size is 1-200");
        }
        if ((long) page * size > MAX_WINDOW) {
            throw new IllegalArgumentException("results beyond the first " + MAX_WINDOW + " cannot be paged; narrow the search or export it");
        }
    }

    private static Map<String, String> facets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("action", "action");
        m.put("label", "labels");
        m.put("outcome", "outcome");
        m.put("agent", "agent");
        m.put("principal", "principal");
        m.put("approver", "approvers.approver");
        m.put("rule", "rules");
        return Collections.unmodifiableMap(m);
    }

    /** The bool query: text, filters and time range. */
    Map<String, Object> query() {
        List<Object> filter = new ArrayList<>();
        filters.forEach((facet, values) -> {
            if (!values.isEmpty()) {
                Map<String, Object> terms = Map.of("terms", Map.of(FACETS.get(facet), values));
                filter.add(facet.equals("approver") ? Map.of("nested", Map.of("path", "approvers", "query", terms)) : terms);
            }
        });
        if (from != null || to != null) {
            Map<String, Object> range = new LinkedHashMap<>();
            if (from != null) {
                range.put("gte", from.toString());
            }
            if (to != null) {
                range.put("lte", to.toString());
            }
            filter.add(Map.of("range", Map.of("receivedAt", range)));
        }
        Map<String, Object> bool = new LinkedHashMap<>();
        bool.put("filter", filter);
        if (!q.isEmpty()) {
            bool.put("must", List.of(text(q)));
        }
        return Map.of("bool", bool);
    }

    /** Free text: words in the reasons, or a part of an id, name, action, dataset, rule or approver. */
    private static Map<String, Object> text(String q) {
        String wildcard = "*" + q.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?") + "*";
        List<Object> should = new ArrayList<>();
        should.add(Map.of("simple_query_string", Map.of("query", q, "fields", List.of("reason", "verdictMessage"), "default_operator", "and")));
        for (String field : List.of("intentId", "agent", "principal", "action", "targets", "rules", "destination")) {
            should.add(Map.of("wildcard", Map.of(field, Map.of("value", wildcard, "case_insensitive", true))));
        }
        should.add(Map.of("nested", Map.of("path", "approvers", "query", Map.of("bool", Map.of("should", List.of(
                Map.of("wildcard", Map.of("approvers.approver", Map.of("value", wildcard, "case_insensitive", true))),
                Map.of("simple_query_string", Map.of("query", q, "fields", List.of("approvers.reason"), "default_operator", "and"))))))));
        return Map.of("bool", Map.of("should", should, "minimum_should_match", 1));
    }

    List<Object> sortClause() {
        String order = ascending ? "asc" : "desc";
        return List.of(Map.of(sort, Map.of("order", order, "missing", "_last", "unmapped_type", "keyword")),
                Map.of("intentId", Map.of("order", "asc")));
    }
}
