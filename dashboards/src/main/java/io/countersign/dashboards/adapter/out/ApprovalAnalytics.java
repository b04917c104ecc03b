package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.dashboards.domain.ApprovalStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the reviewed, decided intents of a period from {@code countersign-audit} (up to
 * {@link #MAX_REVIEWED}, newest first) and computes {@link ApprovalStats} over them.
 */
public final class ApprovalAnalytics {

    static final int MAX_REVIEWED = 10_000;
    private final Search search;
    private final Clock clock;

    public ApprovalAnalytics(Search search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    public Map<String, Object> analytics(int days, Duration fast) {
        JsonNode r = search.search(AuditSearch.INDEX, Map.of("size", MAX_REVIEWED, "query", Map.of("bool", Map.of("filter", List.of(
                        Map.of("exists", Map.of("field", "review.requestedAt")), Map.of("exists", Map.of("field", "outcome")),
                        Map.of("range", Map.of("receivedAt", Map.of("gte", clock.instant().minus(Duration.ofDays(days)).toString())))))),
                "sort", List.of(Map.of("receivedAt", Map.of("order", "desc"))),
                "_source", List.of("rules", "review", "approvers", "timeToDecisionMs")));
        List<ApprovalStats.Reviewed> reviewed = new ArrayList<>();
        for (JsonNode h : r.path("hits").path("hits")) {
            JsonNode d = h.path("_source");
            List<ApprovalStats.Decision> decisions = new ArrayList<>();
            d.path("approvers").forEach(a -> decisions.add(new ApprovalStats.Decision(a.path("approver").asText(),
                    "APPROVE".equals(a.path("decision").asText()), Instant.parse(a.path("decidedAt").asText()))));
            reviewed.add(new ApprovalStats.Reviewed(strings(d.path("rules")), strings(d.path("review").path("eligibleGroups")),
                    d.path("timeToDecisionMs").asLong(), Instant.parse(d.path("review").path("requestedAt").asText()), decisions));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", days);
        out.put("reviewed", reviewed.size());
        out.put("byRule", ApprovalStats.byKey(reviewed, true));
        out.put("byGroup", ApprovalStats.byKey(reviewed, false));
        out.put("approvers", ApprovalStats.approvers(reviewed, fast));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
