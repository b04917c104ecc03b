package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogRecord;
import org.apache.avro.generic.GenericRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The human-readable report of an evidence bundle, from the records of the period: records by event type; every
 * reviewed intent with its rule, outcome, approvers and their reasons and time to decision; every denial;
 * decisions refused (self-approval, chain members, ineligible, unsigned); violations; approvals given within
 * {@link #RUBBER_STAMP} of the request (flagged); median time to decision by rule; policy versions in force.
 * Every value is escaped for HTML: it is agent and approver text.
 */
public final class EvidenceReport {

    /** An approval this soon after the request is flagged: too fast to have read the card. */
    public static final Duration RUBBER_STAMP = Duration.ofSeconds(10);

    private EvidenceReport() {
    }

    public static String html(Instant from, Instant to, List<AuditLogRecord> records) {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Review> reviews = new LinkedHashMap<>();
        List<String[]> denials = new ArrayList<>();
        List<String[]> refused = new ArrayList<>();
        List<String[]> violations = new ArrayList<>();
        Map<String, Instant[]> versions = new TreeMap<>();
        for (AuditLogRecord r : records) {
            if (!r.readable()) {
                continue;
            }
            GenericRecord a = r.record();
            String type = String.valueOf(a.get("eventType"));
            String intent = String.valueOf(a.get("intentId"));
            Instant at = Instant.ofEpochMilli(((Number) a.get("occurredAt")).longValue());
            byType.merge(type, 1L, Long::sum);
            GenericRecord event = a.get("event") instanceof GenericRecord e ? e : null;
            switch (type) {
                case "CLASSIFIED" -> versions.merge(String.valueOf(event == null ? "?" : event.get("policyVersion")), new Instant[] {at, at},
                        (x, y) -> new Instant[] {x[0].isBefore(y[0]) ? x[0] : y[0], x[1].isAfter(y[1]) ? x[1] : y[1]});
                case "APPROVAL_REQUESTED" -> reviews.put(intent, new Review(intent, event == null ? "?" : action(event), firstRule(event), at));
                case "DECISION_ACCEPTED" -> {
                    Review rev = reviews.get(intent);
                    if (rev != null) {
                        rev.decisions.add(text(a.get("actor")) + (a.get("note") == null ? "" : ": " + text(a.get("note"))));
                        if (Duration.between(rev.requested, at).compareTo(RUBBER_STAMP) < 0) {
                            rev.flags.add(text(a.get("actor")) + " approved " + Duration.between(rev.requested, at).toSeconds() + " s after the request");
                        }
                    }
                }
                case "DECISION_REJECTED" -> refused.add(new String[] {intent, text(a.get("actor")), text(a.get("note"))});
                case "VIOLATION" -> violations.add(new String[] {intent, text(a.get("note"))});
                case "VERDICT" -> {
                    String outcome = event == null ? "?" : text(event.get("outcome")) + " (" + text(event.get("decidedBy")) + ")";
                    Review rev = reviews.get(intent);
                    if (rev != null) {
                        rev.outcome = outcome;
                        rev.decided = at;
                    }
                    if (outcome.startsWith("DENIED")) {
                        denials.add(new String[] {intent, outcome, event == null ? "" : text(event.get("message"))});
                    }
                }
                default -> { }
            }
        }
        // XHTML (well-formed XML that is also HTML5), so the same text renders as report.pdf.
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>"
                + "<title>Countersign audit evidence</title>"
                + "<style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
                + "padding:4px 8px;text-align:left;vertical-align:top}.flag{color:#b00}</style></head><body>");
        h.append("<h1>Countersign audit evidence</h1><p>Period ").append(esc(from.toString())).append(" to ").append(esc(to.toString()))
                .append(" (end exclusive). The records and signed checkpoints are in this bundle; check them with"
                        + " <code>countersign audit verify-evidence</code>.</p>");
        table(h, "Records by event type", List.of("event", "records"), byType.entrySet().stream().map(e -> new String[] {e.getKey(),
                e.getValue().toString()}).toList());
        table(h, "Reviews", List.of("intent", "action", "rule", "outcome", "decisions (approver: reason)", "time to decision", "flags"),
                reviews.values().stream().map(Review::row).toList());
        table(h, "Denials", List.of("intent", "outcome", "why"), denials);
        table(h, "Decisions refused (self-approval, delegation chain, ineligible, unsigned)", List.of("intent", "who", "why"), refused);
        table(h, "Violations", List.of("intent", "what"), violations);
        table(h, "Median time to decision by rule", List.of("rule", "reviews decided", "median"), medians(reviews));
        table(h, "Policy versions in force", List.of("version", "first seen", "last seen"), versions.entrySet().stream()
                .map(e -> new String[] {e.getKey(), e.getValue()[0].toString(), e.getValue()[1].toString()}).toList());
        return h.append("</body></html>").toString();
    }

    /** One reviewed intent as the report lists it. */
    private static final class Review {
        final String intent;
        final String action;
        final String rule;
        final Instant requested;
        final List<String> decisions = new ArrayList<>();
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
            return new String[] {intent, action, rule, outcome, String.join("; ", decisions),
                    decided == null ? "" : Duration.between(requested, decided).toSeconds() + " s", String.join("; ", flags)};
        }
    }

    private static List<String[]> medians(Map<String, Review> reviews) {
        Map<String, List<Long>> byRule = new TreeMap<>();
        reviews.values().stream().filter(r -> r.decided != null)
                .forEach(r -> byRule.computeIfAbsent(r.rule, k -> new ArrayList<>()).add(Duration.between(r.requested, r.decided).toSeconds()));
        return byRule.entrySet().stream().map(e -> {
            List<Long> s = e.getValue().stream().sorted().toList();
            return new String[] {e.getKey(), String.valueOf(s.size()), s.get(s.size() / 2) + " s"};
        }).toList();
    }

    private static String action(GenericRecord request) {
        return request.get("intent") instanceof GenericRecord i ? text(i.get("action")) : "?";
    }

    private static String firstRule(GenericRecord request) {
        if (request != null && request.get("matchedRules") instanceof List<?> rules && !rules.isEmpty()
                && rules.get(0) instanceof GenericRecord rule) {
            return text(rule.get("id"));
        }
        return "default";
    }

    private static void table(StringBuilder h, String title, List<String> columns, List<String[]> rows) {
        h.append("<h2>").append(esc(title)).append(" (").append(rows.size()).append(")</h2>");
        if (rows.isEmpty()) {
            h.append("<p>None.</p>");
            return;
        }
        h.append("<table><tr>");
        columns.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>");
        for (String[] row : rows) {
            h.append("<tr>");
            for (int i = 0; i < row.length; i++) {
                boolean flag = columns.get(i).equals("flags") && !row[i].isEmpty();
                h.append(flag ? "<td class=\"flag\">" : "<td>").append(esc(row[i])).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /**
     * HTML text: the five special characters escaped, and control characters (which XML cannot carry even
     * escaped, and which agent text may hold) replaced by U+FFFD.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        String visible = s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uFFFE\\uFFFF]", "\uFFFD");
        return visible.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
