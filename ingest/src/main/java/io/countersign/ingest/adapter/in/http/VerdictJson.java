package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.application.port.out.ApprovalViews;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.ApproverDecision;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape of an intent's status and verdict, as {@code GET /v1/intents/{id}} answers. */
final class VerdictJson {

    private VerdictJson() {
    }

    static Map<String, Object> status(String intentId, IntentView.Entry entry) {
        return status(intentId, entry, null);
    }

    /** The status with {@code review} (see {@link #review}) while the intent waits for one; absent when null. */
    static Map<String, Object> status(String intentId, IntentView.Entry entry, Map<String, Object> review) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intentId", intentId);
        out.put("status", entry == null ? "PENDING" : entry.status().name());
        out.put("verdict", entry == null || entry.verdict() == null ? null : verdict(entry.verdict()));
        if (review != null) {
            out.put("review", review);
        }
        return out;
    }

    /**
     * What a pending review waits for: its approval request, the quorum, how many distinct approvers approved so far,
     * the eligible groups, when it expires and whether approvals need step-up. Who approved is named only when
     * {@code nameApprovers} (approvers and stewards, who see the queue anyway); the agent gets the count, so a pending
     * review does not tell it whom to press. Nothing of the request's masked content is shown.
     */
    static Map<String, Object> review(ApprovalViews.Open open, boolean nameApprovers) {
        ApprovalRequest r = open.request();
        List<String> approvedBy = open.decisions().stream().filter(d -> d.getDecision() == DecisionKind.APPROVE)
                .map(ApprovalDecision::getApprover).distinct().toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestId", r.getRequestId());
        out.put("quorum", r.getQuorum());
        out.put("approvals", approvedBy.size());
        if (nameApprovers) {
            out.put("approvedBy", approvedBy);
        }
        out.put("eligibleGroups", List.copyOf(r.getEligibleGroups()));
        out.put("expiresAt", r.getExpiresAt().toString());
        out.put("stepUp", r.getStepUp());
        return out;
    }

    private static Map<String, Object> verdict(Verdict v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", v.getOutcome().name());
        out.put("decidedBy", v.getDecidedBy().name());
        out.put("decisions", v.getDecisions().stream().map(VerdictJson::decision).toList());
        out.put("matchedRules", v.getMatchedRules().stream().map(VerdictJson::rule).toList());
        out.put("policyVersion", v.getPolicyVersion());
        out.put("intentHash", v.getIntentHash());
        out.put("requestId", v.getRequestId());
        out.put("message", v.getMessage());
        out.put("receivedAt", v.getReceivedAt().toString());
        out.put("decidedAt", v.getDecidedAt().toString());
        out.put("latencyMs", v.getLatencyMs());
        return out;
    }

    private static Map<String, Object> decision(ApproverDecision d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approver", d.getApprover());
        out.put("decision", d.getDecision().name());
        out.put("reason", d.getReason());
        out.put("channel", d.getChannel());
        out.put("decidedAt", d.getDecidedAt().toString());
        if (d.getAuthentication() != null) {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("method", d.getAuthentication().getMethod().name());
            auth.put("authTime", d.getAuthentication().getAuthTime() == null ? null : d.getAuthentication().getAuthTime().toString());
            auth.put("amr", d.getAuthentication().getAmr());
            auth.put("acr", d.getAuthentication().getAcr());
            out.put("authentication", auth);
        }
        return out;
    }

    private static Map<String, Object> rule(MatchedRule r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.getId());
        out.put("effect", r.getEffect().name());
        out.put("description", r.getDescription());
        return out;
    }

    static Map<String, Object> accepted(String intentId) {
        return new LinkedHashMap<>(Map.of("intentId", intentId, "status", "PENDING",
                "links", Map.of("self", "/v1/intents/" + intentId, "wait", "/v1/intents/" + intentId + "?wait=30s")));
    }
}
