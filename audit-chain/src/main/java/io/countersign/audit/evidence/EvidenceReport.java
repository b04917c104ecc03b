package io.countersign.audit.evidence;

import io.countersign.audit.AuditLogRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.countersign.audit.evidence.ReportXhtml.esc;
import static io.countersign.audit.evidence.ReportXhtml.subTable;
import static io.countersign.audit.evidence.ReportXhtml.table;

/**
 * The human-readable report of an evidence bundle, from the records of the period: records by event type; every
 * reviewed intent with its rule, outcome, approvers and time to decision, and every approver's decision with
 * channel, how they were authenticated and their reason ({@link Reviews}); every denial; self-approval attempts
 * refused, apart from other refused decisions ({@link RefusedDecisions}); intents refused at the gateway for whom
 * they claimed to act for; violations; approvals given within
 * {@link #RUBBER_STAMP} of the request (flagged); median time to decision by rule; the policy versions in force
 * and when they changed ({@link PolicyVersions}). Written in {@link ReportXhtml}, which escapes every value: it
 * is agent and approver text.
 */
public final class EvidenceReport {

    /** An approval this soon after the request is flagged: too fast to have read the card. */
    public static final Duration RUBBER_STAMP = Duration.ofSeconds(10);

    private EvidenceReport() {
    }

    public static String html(Instant from, Instant to, List<AuditLogRecord> records) {
        Map<String, Long> byType = new TreeMap<>();
        Reviews reviews = new Reviews();
        RefusedDecisions refused = new RefusedDecisions();
        PolicyVersions versions = new PolicyVersions();
        List<String[]> denials = new ArrayList<>();
        List<String[]> violations = new ArrayList<>();
        List<String[]> atGateway = new ArrayList<>();
        for (AuditLogRecord r : records) {
            ReportEntry e = ReportEntry.of(r);
            if (e == null) {
                continue;
            }
            byType.merge(e.type(), 1L, Long::sum);
            switch (e.type()) {
                case "CLASSIFIED" -> versions.decided(e.event() == null ? "?" : e.eventText("policyVersion"), e.at());
                case "APPROVAL_REQUESTED" -> reviews.requested(e);
                case "DECISION_ACCEPTED" -> reviews.accepted(e);
                case "DECISION_REJECTED" -> refused.refused(e);
                case "VIOLATION" -> violations.add(new String[] {e.intent(), e.note()});
                case "REFUSED_AT_GATEWAY" -> atGateway.add(new String[] {e.intent(), e.actor(), e.eventText("keyId"), e.eventText("principal"),
                        e.eventText("action"), e.eventText("error"), e.eventText("reason")});
                case "VERDICT" -> {
                    String outcome = e.event() == null ? "?" : e.eventText("outcome") + " (" + e.eventText("decidedBy") + ")";
                    reviews.verdict(e, outcome);
                    if (outcome.startsWith("DENIED")) {
                        denials.add(new String[] {e.intent(), outcome, e.eventText("message")});
                    }
                }
                default -> { }
            }
        }
        StringBuilder h = ReportXhtml.page("Countersign audit evidence");
        h.append("<h1>Countersign audit evidence</h1><p>Period ").append(esc(from.toString())).append(" to ").append(esc(to.toString()))
                .append(" (end exclusive). The records and signed checkpoints are in this bundle; check them with"
                        + " <code>countersign audit verify-evidence</code>.</p>");
        table(h, "Records by event type", null, List.of("event", "records"), byType.entrySet().stream().map(e -> new String[] {e.getKey(),
                e.getValue().toString()}).toList());
        table(h, "Reviews", "Intents sent to people in the period. Flags: approvals given within " + RUBBER_STAMP.toSeconds()
                + " s of the request, too fast to have read it.", List.of("intent", "action", "rule", "outcome", "approvers (decision)",
                "time to decision", "flags"), reviews.rows());
        subTable(h, "Approvers' decisions and reasons", "Every decision the pipeline accepted in the period, as the approver's"
                + " channel signed it: the channel and its key, how the channel authenticated the approver, and the approver's own reason.",
                List.of("intent", "approver", "decision", "channel", "authenticated by", "reason", "after the request"), reviews.decisions());
        table(h, "Denials", null, List.of("intent", "outcome", "why"), denials);
        table(h, "Self-approval attempts refused", "Decisions by someone in the intent's delegation chain (its principal, agent,"
                + " the agent's owner or a parent agent), which the pipeline refused. The approval API, Slack"
                + " and Teams refuse such an attempt at once and also write it, signed, so that it is refused here and recorded.", List.of("intent", "who", "decision", "channel", "when",
                "why"), refused.selfApproval());
        table(h, "Other decisions refused", "Not eligible, decided twice, a reason or step-up missing, unsigned or signed by an"
                + " unknown key, or too late.", List.of("intent", "who", "refusal", "why"), refused.other());
        table(h, "Intents refused at the gateway", "Intents an agent's API key submitted for someone it may not act for, or with a"
                + " delegation token that proved nothing: refused before any decision (403) and recorded here.",
                List.of("intent", "agent", "API key", "claimed principal", "action", "error", "why"), atGateway);
        table(h, "Violations", null, List.of("intent", "what"), violations);
        table(h, "Median time to decision by rule", null, List.of("rule", "reviews decided", "median"), reviews.medians());
        table(h, "Policy versions in force", "In the order each was first used. The times are those of the first and last decision"
                + " the policy made under each version in the period (its CLASSIFIED records): the audit log has no event for a policy"
                + " being loaded, so a version may have been loaded before its first decision and replaced after its last.",
                List.of("version", "in force from (first decision)", "to (last decision)", "decisions", "changed from"), versions.rows());
        return ReportXhtml.end(h);
    }
}
