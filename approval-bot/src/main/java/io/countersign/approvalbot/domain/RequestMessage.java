package io.countersign.approvalbot.domain;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import io.countersign.masking.Masker;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;
import static io.countersign.approvalbot.domain.Mrkdwn.code;
import static io.countersign.approvalbot.domain.Mrkdwn.fit;
import static io.countersign.approvalbot.domain.RequestParts.ID;
import static io.countersign.approvalbot.domain.RequestParts.SECTION;

/**
 * The Block Kit message for one approval request: who asks (agent, the human it acts for, the whole
 * delegation chain), what (action, targets with their labels and where inherited labels come from,
 * destination, external flagged), why (matched rules, risk, the agent's reason), the parameters —
 * masked again here, so nothing raw reaches Slack even if a value slipped past the pipeline's masking —
 * quorum progress and time left; Approve and Deny while open, the outcome once decided. Every agent- or
 * approver-controlled string goes through {@link Mrkdwn} (escaped, inside code, cut), every block stays
 * within Slack's Block Kit limits, and what was cut is one click away: each message links the full,
 * masked record in the dashboards.
 */
public final class RequestMessage {

    public static final String APPROVE = "countersign-approve";
    public static final String DENY = "countersign-deny";
    /** Slack's limits: header text, context element text (held below the 3,000 of a text object), button value, block_id. */
    static final int HEADER = 150;
    static final int CONTEXT = 2000;
    static final int BUTTON_VALUE = 2000;
    static final int BLOCK_ID = 255;

    private final RecordLinks links;

    /** @param dashboardsUrl the dashboards' base URL, where the full, masked record of each intent is linked */
    public RequestMessage(String dashboardsUrl) {
        this.links = new RecordLinks(dashboardsUrl);
    }

    /** Text for notifications and clients without Block Kit (Slack reads it as mrkdwn too). */
    public String fallback(ApprovalRequest r) {
        var i = r.getIntent();
        return "Review needed: " + code(i.getAction(), 100) + " by " + code(i.getAgent().getId(), ID) + " for " + code(i.getPrincipal(), ID);
    }

    public List<LayoutBlock> open(ApprovalRequest r, List<ApprovalDecision> decisions, Instant now) {
        List<LayoutBlock> blocks = details(r);
        String expires = " · expires <!date^" + r.getExpiresAt().getEpochSecond() + "^{date_short_pretty} {time}|" + r.getExpiresAt() + "> ("
                + RequestParts.minutesLeft(r, now) + " min left) · " + links.record(r, "full, masked record");
        blocks.add(context(c -> c.elements(List.of(markdownText(RequestParts.progress(r, decisions, CONTEXT - expires.length()) + expires)))));
        if (r.getRequestId().length() <= BUTTON_VALUE) {
            blocks.add(actions(a -> a.blockId("decide").elements(buttons(r))));
        }
        return blocks;
    }

    /** One request as an entry of the App Home list, with the same buttons as the channel message. */
    public List<LayoutBlock> homeEntry(ApprovalRequest r, List<ApprovalDecision> decisions, Instant now) {
        var i = r.getIntent();
        String targets = fit(r.getClassification().stream().map(RequestParts::targetInShort).toList(), ", ", 1000, n -> ", … " + n + " more");
        String text = code(i.getAction(), 100) + " by " + code(i.getAgent().getId(), ID) + " for " + code(i.getPrincipal(), ID) + "\n" + targets
                + "\n" + RequestParts.progress(r, decisions, 1000) + " · " + RequestParts.minutesLeft(r, now) + " min left · "
                + links.record(r, "full record");
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(text))));
        if (r.getRequestId().length() <= BUTTON_VALUE) {
            String blockId = "decide-" + r.getRequestId();
            // block_id is optional; one past Slack's limit is left for Slack to generate.
            blocks.add(actions(a -> a.blockId(blockId.length() <= BLOCK_ID ? blockId : null).elements(buttons(r))));
        }
        blocks.add(divider());
        return blocks;
    }

    public List<LayoutBlock> closed(ApprovalRequest r, Verdict v) {
        List<LayoutBlock> blocks = details(r);
        String decisions = fit(v.getDecisions().stream().map(d -> (d.getDecision().name().equals("APPROVE") ? "approved by " : "denied by ")
                + code(d.getApprover(), ID) + (d.getReason() == null ? "" : ": " + code(Masker.maskText(d.getReason()), 500))).toList(),
                "\n", SECTION - 100, n -> "\n… and " + n + " more decisions");
        blocks.add(section(s -> s.text(markdownText(outcome(v) + (decisions.isEmpty() ? "" : "\n" + decisions)))));
        blocks.add(context(c -> c.elements(List.of(markdownText(links.record(r, "Full, masked record in the dashboards"))))));
        return blocks;
    }

    /** The thread reply that records the final verdict under the message. */
    public String verdictReply(Verdict v) {
        return "Verdict: *" + v.getOutcome() + "* (" + v.getDecidedBy().name().toLowerCase() + ")"
                + (v.getMessage() == null ? "" : " — " + code(Masker.maskText(v.getMessage()), 1000));
    }

    /**
     * The short message shown instead when Slack refuses the full one for good (invalid_blocks,
     * msg_too_long): no details and no buttons, a link to the dashboards; with the outcome once decided.
     */
    public List<LayoutBlock> unrenderable(ApprovalRequest r, Verdict decided) {
        String state = decided == null ? "" : "\n" + outcome(decided);
        return List.of(section(s -> s.text(markdownText(":warning: A review request could not be shown here (Slack refused the message); open it in"
                + " the dashboards: " + links.record(r, "review request") + "\nRequest " + code(r.getRequestId(), ID) + state))));
    }

    private static String outcome(Verdict v) {
        return switch (v.getDecidedBy()) {
            case EXPIRED -> ":hourglass: *Expired — denied*";
            default -> v.getOutcome().name().equals("ALLOWED") ? ":white_check_mark: *Approved*" : ":no_entry: *Denied*";
        };
    }

    private static List<BlockElement> buttons(ApprovalRequest r) {
        return asElements(
                button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary").value(r.getRequestId())),
                button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(r.getRequestId())));
    }

    private static List<LayoutBlock> details(ApprovalRequest r) {
        var i = r.getIntent();
        List<LayoutBlock> blocks = new ArrayList<>();
        // plain_text: Slack shows it as it is (no markup to escape), but it is still one line, visible, and cut.
        String title = "Review: " + DisplayText.cut(DisplayText.oneLine(i.getAction()), 100) + " in "
                + DisplayText.cut(DisplayText.oneLine(i.getEnvironment()), 30);
        blocks.add(header(h -> h.text(plainText(p -> p.text(DisplayText.cut(title, HEADER)).emoji(false)))));
        List<TextObject> who = List.of(
                markdownText("*Agent*\n" + code(i.getAgent().getId(), ID) + (i.getAgent().getFramework() == null ? ""
                        : " (" + code(i.getAgent().getFramework(), 100) + ")")),
                markdownText("*Acting for*\n" + code(i.getPrincipal(), ID)),
                markdownText("*Delegation chain*\n" + fit(i.getDelegationChain().stream().map(p -> code(p, ID)).toList(), " → ", 1900,
                        n -> " → … " + n + " more")),
                markdownText("*Destination*\n" + (i.getDestination() == null ? "none"
                        : code(i.getDestination().getUri(), RequestParts.URI) + (i.getDestination().getExternal() ? "  :warning: *external*" : ""))));
        blocks.add(section(s -> s.fields(who)));
        List<String> targets = r.getClassification().stream().map(RequestParts::target).toList();
        blocks.add(section(s -> s.text(markdownText("*Targets*\n" + fit(targets, "\n", SECTION - 20, n -> "\n… and " + n + " more targets")))));
        blocks.add(section(s -> s.text(markdownText("*Why review*: " + fit(r.getMatchedRules().stream().map(m -> code(m.getId(), ID)).toList(), ", ",
                SECTION - 100, n -> ", … " + n + " more") + " · risk " + r.getRiskScore()))));
        blocks.add(section(s -> s.text(markdownText("*Agent's reason*\n" + (i.getReason() == null ? "_none given_"
                : Mrkdwn.block(Masker.maskText(i.getReason()), SECTION - 40))))));
        blocks.add(section(s -> s.text(markdownText("*Parameters* (masked)\n" + RequestParts.parameters(i.getMaskedParameters())))));
        blocks.add(divider());
        return blocks;
    }
}
