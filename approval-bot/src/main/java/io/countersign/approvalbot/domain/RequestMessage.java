package io.countersign.approvalbot.domain;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import io.countersign.masking.Masker;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * The Block Kit message for one approval request: who asks (agent, the human it acts for, the whole
 * delegation chain), what (action, targets with their labels and where inherited labels come from,
 * destination, external flagged), why (matched rules, risk, the agent's reason), the parameters —
 * masked again here, so nothing raw reaches Slack even if a value slipped past the pipeline's masking —
 * quorum progress and time left; Approve and Deny while open, the outcome once decided.
 */
public final class RequestMessage {

    public static final String APPROVE = "countersign-approve";
    public static final String DENY = "countersign-deny";

    private RequestMessage() {
    }

    /** Plain text for notifications and clients without Block Kit. */
    public static String fallback(ApprovalRequest r) {
        return "Review needed: " + r.getIntent().getAction() + " by " + r.getIntent().getAgent().getId() + " for " + r.getIntent().getPrincipal();
    }

    public static List<LayoutBlock> open(ApprovalRequest r, List<ApprovalDecision> decisions, Instant now) {
        List<LayoutBlock> blocks = details(r);
        blocks.add(context(c -> c.elements(List.of(markdownText(progress(r, decisions) + " · expires <!date^" + r.getExpiresAt().getEpochSecond()
                + "^{date_short_pretty} {time}|" + r.getExpiresAt() + "> (" + minutesLeft(r, now) + " min left)")))));
        blocks.add(actions(a -> a.blockId("decide").elements(asElements(
                button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary").value(r.getRequestId())),
                button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(r.getRequestId()))))));
        return blocks;
    }

    /** One request as a line of the App Home list, with the same buttons as the channel message. */
    public static List<LayoutBlock> homeEntry(ApprovalRequest r, List<ApprovalDecision> decisions, Instant now) {
        var i = r.getIntent();
        String targets = r.getClassification().stream().map(d -> d.getDataset() + " (" + d.getLabels().stream().map(LabelEntry::getLabel)
                .collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(", "));
        return List.of(
                section(s -> s.text(markdownText("*" + i.getAction() + "* by " + i.getAgent().getId() + " for " + i.getPrincipal()
                        + "\n" + targets + "\n" + progress(r, decisions) + " · " + minutesLeft(r, now) + " min left"))),
                actions(a -> a.blockId("decide-" + r.getRequestId()).elements(asElements(
                        button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary").value(r.getRequestId())),
                        button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(r.getRequestId()))))),
                divider());
    }

    public static List<LayoutBlock> closed(ApprovalRequest r, Verdict v) {
        List<LayoutBlock> blocks = details(r);
        String outcome = switch (v.getDecidedBy()) {
            case EXPIRED -> ":hourglass: *Expired — denied*";
            default -> v.getOutcome().name().equals("ALLOWED") ? ":white_check_mark: *Approved*" : ":no_entry: *Denied*";
        };
        String who = v.getDecisions().stream().map(d -> (d.getDecision().name().equals("APPROVE") ? "approved by " : "denied by ")
                + d.getApprover() + (d.getReason() == null ? "" : ": _" + Masker.maskText(d.getReason()) + "_")).collect(Collectors.joining("\n"));
        blocks.add(section(s -> s.text(markdownText(outcome + (who.isEmpty() ? "" : "\n" + who)))));
        return blocks;
    }

    private static List<LayoutBlock> details(ApprovalRequest r) {
        var i = r.getIntent();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText("Review: " + i.getAction() + " in " + i.getEnvironment()))));
        List<TextObject> who = List.of(
                markdownText("*Agent*\n" + i.getAgent().getId() + (i.getAgent().getFramework() == null ? "" : " (" + i.getAgent().getFramework() + ")")),
                markdownText("*Acting for*\n" + i.getPrincipal()),
                markdownText("*Delegation chain*\n" + String.join(" → ", i.getDelegationChain())),
                markdownText("*Destination*\n" + (i.getDestination() == null ? "none"
                        : i.getDestination().getUri() + (i.getDestination().getExternal() ? "  :warning: *external*" : ""))));
        blocks.add(section(s -> s.fields(who)));
        blocks.add(section(s -> s.text(markdownText("*Targets*\n" + r.getClassification().stream().map(RequestMessage::target)
                .collect(Collectors.joining("\n"))))));
        blocks.add(section(s -> s.text(markdownText("*Why review*: " + r.getMatchedRules().stream().map(m -> "`" + m.getId() + "`")
                .collect(Collectors.joining(", ")) + " · risk " + r.getRiskScore() + "\n*Agent's reason*: "
                + (i.getReason() == null ? "_none given_" : Masker.maskText(i.getReason()))))));
        blocks.add(section(s -> s.text(markdownText("*Parameters* (masked)\n" + parameters(i.getMaskedParameters())))));
        blocks.add(divider());
        return blocks;
    }

    private static String target(DatasetClassification d) {
        String labels = d.getLabels().stream().map(l -> l.getLabel() + provenance(l)).collect(Collectors.joining(", "));
        return "• " + d.getDataset() + " — " + (labels.isEmpty() ? "no labels" : labels);
    }

    /** "PII, inherited from crm.customers via nightly_export": why a label applies. */
    private static String provenance(LabelEntry l) {
        if (l.getProvenance().isEmpty()) {
            return "";
        }
        String via = l.getVia().isEmpty() ? "" : " via " + String.join(" → ", l.getVia());
        return " (inherited from " + l.getProvenance().get(0) + via + ")";
    }

    private static String parameters(Map<String, String> masked) {
        if (masked.isEmpty()) {
            return "_none_";
        }
        // Masked again: defence in depth, the bot is the last stop before Slack.
        return masked.entrySet().stream().map(e -> "`" + e.getKey() + "` = " + Masker.maskText(e.getValue())).collect(Collectors.joining("\n"));
    }

    static String progress(ApprovalRequest r, List<ApprovalDecision> decisions) {
        long approvals = decisions.stream().filter(d -> d.getDecision().name().equals("APPROVE")).map(ApprovalDecision::getApprover).distinct().count();
        String names = decisions.stream().map(d -> d.getApprover() + (d.getDecision().name().equals("APPROVE") ? " ✓" : " ✗"))
                .collect(Collectors.joining(", "));
        return "*" + approvals + " of " + r.getQuorum() + "* approvals from " + String.join(" or ", r.getEligibleGroups())
                + (names.isEmpty() ? "" : " (" + names + ")");
    }

    private static long minutesLeft(ApprovalRequest r, Instant now) {
        return Math.max(0, java.time.Duration.between(now, r.getExpiresAt()).toMinutes());
    }
}
