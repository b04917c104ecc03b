package io.countersign.audit.evidence;

import org.apache.avro.generic.GenericRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.countersign.audit.evidence.ReportEntry.field;
import static io.countersign.audit.evidence.ReportEntry.text;

/**
 * The reviews of a period for {@link EvidenceReport}: each intent sent to people (APPROVAL_REQUESTED) with its
 * rule, outcome, approvers and time to decision; each approver's accepted decision (DECISION_ACCEPTED, whose
 * event is the signed ApprovalDecision) with channel, how the channel authenticated the approver and the
 * approver's own reason; approvals given within {@link EvidenceReport#RUBBER_STAMP} of the request, flagged;
 * and the median time to decision by rule.
 */
final class Reviews {

    private final Map<String, Review> byIntent = new LinkedHashMap<>();
    private final List<String[]> decisions = new ArrayList<>();

    void requested(ReportEntry e) {
        byIntent.put(e.intent(), new Review(e.intent(), action(e.event()), firstRule(e.event()), e.at()));
    }

    /** An accepted decision; one on a review requested before the period is listed without time since the request. */
    void accepted(ReportEntry e) {
        Review review = byIntent.get(e.intent());
        String approver = e.event() == null ? e.actor() : e.eventText("approver");
        // The pipeline always attaches the decision; a record without one is still listed from its note, which says approve or deny first.
        String kind = e.event() == null ? e.note().split(" ", 2)[0] : e.eventText("decision");
        Duration after = review == null ? null : Duration.between(review.requested, e.at());
        String reason = e.eventText("reason");
        decisions.add(new String[] {e.intent(), approver, kind, channel(e), authentication(e.event()),
                reason.isEmpty() ? "(none given)" : reason, after == null ? "(requested before the period)" : after.toSeconds() + " s"});
        if (review != null) {
            review.approvers.add(approver + " (" + kind + ")");
            if (kind.equals("APPROVE") && after.compareTo(EvidenceReport.RUBBER_STAMP) < 0) {
                review.flags.add(approver + " approved " + after.toSeconds() + " s after the request");
            }
        }
    }

    void verdict(ReportEntry e, String outcome) {
        Review review = byIntent.get(e.intent());
        if (review != null) {
            review.outcome = outcome;
            review.decided = e.at();
        }
    }

    /** One row per review requested in the period. */
    List<String[]> rows() {
        return byIntent.values().stream().map(Review::row).toList();
    }

    /** One row per accepted decision in the period: intent, approver, decision, channel, authenticated by, reason, after. */
    List<String[]> decisions() {
        return decisions;
    }

    List<String[]> medians() {
        Map<String, List<Long>> byRule = new TreeMap<>();
        byIntent.values().stream().filter(r -> r.decided != null)
                .forEach(r -> byRule.computeIfAbsent(r.rule, k -> new ArrayList<>()).add(Duration.between(r.requested, r.decided).toSeconds()));
        return byRule.entrySet().stream().map(e -> {
            List<Long> s = e.getValue().stream().sorted().toList();
            return new String[] {e.getKey(), String.valueOf(s.size()), s.get(s.size() / 2) + " s"};
        }).toList();
    }

    /** The channel and the key that signed the decision; the whole note for a record without the decision. */
    private static String channel(ReportEntry e) {
        if (e.event() == null) {
            return e.note();
        }
        String key = e.eventText("signingKeyId");
        return e.eventText("channel") + (key.isEmpty() ? "" : " (key " + key + ")");
    }

    /** How the channel authenticated the approver, as signed into the decision; older channels did not say. */
    static String authentication(GenericRecord decision) {
        if (!(field(decision, "authentication") instanceof GenericRecord a)) {
            return "not recorded";
        }
        StringBuilder s = new StringBuilder(text(field(a, "method")));
        if (field(a, "issuer") != null) {
            s.append(" at ").append(text(field(a, "issuer")));
        }
        if (field(a, "amr") instanceof List<?> amr && !amr.isEmpty()) {
            s.append(", methods ").append(String.join("+", amr.stream().map(Object::toString).toList()));
        }
        if (field(a, "acr") != null) {
            s.append(", context ").append(text(field(a, "acr")));
        }
        Object authTime = field(a, "authTime");
        if (authTime != null) {
            s.append(", signed in at ").append(authTime instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : authTime);
        }
        return s.toString();
    }

    private static String action(GenericRecord request) {
        return field(request, "intent") instanceof GenericRecord i ? text(field(i, "action")) : "?";
    }

    private static String firstRule(GenericRecord request) {
        if (field(request, "matchedRules") instanceof List<?> rules && !rules.isEmpty() && rules.get(0) instanceof GenericRecord rule) {
            return text(field(rule, "id"));
        }
        return "default";
    }

    /** One reviewed intent as the report lists it. */
    private static final class Review {
        final String intent;
        final String action;
        final String rule;
        final Instant requested;
        final List<String> approvers = new ArrayList<>();
        final List<String> flags = new ArrayList<>();
        String outcome = "pending";
        Instant decided;

        Review(String intent, String action, String rule, Instant requested) {
            this.intent = intent;
            this.action = action;
            this.rule = rule;
            this.requested = requested;
        }

        String[] row() {
            return new String[] {intent, action, rule, outcome, String.join("; ", approvers),
                    decided == null ? "" : Duration.between(requested, decided).toSeconds() + " s", String.join("; ", flags)};
        }
    }
}
