package io.countersign.approvalbot.domain;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalCards;
import io.countersign.approvals.domain.DisplayText;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecisionKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

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
 * The Block Kit rendering of one request's {@link ApprovalCard} (the content every channel shares, built
 * by {@link ApprovalCards}): who asks (agent, the human it acts for, the whole
 * delegation chain), what (action, targets with their labels and where inherited labels come from,
 * destination, external flagged), why (matched rules, risk, the agent's reason), the parameters —
 * masked again here, so nothing raw reaches Slack even if a value slipped past the pipeline's masking —
 * quorum progress and time left; what depends on the targets (the blast radius line, with links to the
 * targets' dataset pages); Approve and Deny while open, the outcome once decided. Every agent- or
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
    /** How many targets' dataset pages the blast radius links. */
    static final int DATASET_LINKS = 3;

    private final RecordLinks links;

    /** @param dashboardsUrl the dashboards' base URL, where the full, masked record of each intent is linked */
    public RequestMessage(String dashboardsUrl) {
        this.links = new RecordLinks(dashboardsUrl);
    }

    /** Text for notifications and clients without Block Kit (Slack reads it as mrkdwn too). */
    public String fallback(ApprovalCard card) {
        return "Review needed: " + code(card.action(), 100) + " by " + code(card.agent().id(), ID) + " for " + code(card.principal(), ID);
    }

    /** The message of an open request: its details, progress and time left, Approve and Deny. */
    public List<LayoutBlock> open(ApprovalCard card) {
        List<LayoutBlock> blocks = details(card);
        blastRadius(card).ifPresent(blocks::add);
        String expires = " · expires <!date^" + card.expiresAt().getEpochSecond() + "^{date_short_pretty} {time}|" + card.expiresAt() + "> ("
                + card.minutesLeft() + " min left) · " + links.record(card.intentId(), "full, masked record");
        blocks.add(context(c -> c.elements(List.of(markdownText(RequestParts.progress(card.progress(), CONTEXT - expires.length()) + expires)))));
        if (card.requestId().length() <= BUTTON_VALUE) {
            blocks.add(actions(a -> a.blockId("decide").elements(buttons(card))));
        }
        return blocks;
    }

    /** One request as an entry of the App Home list, with the same buttons as the channel message. */
    public List<LayoutBlock> homeEntry(ApprovalRequest r, List<ApprovalDecision> decisions, Instant now) {
        ApprovalCard card = ApprovalCards.open(r, decisions, now);
        String targets = fit(card.targets().stream().map(RequestParts::targetInShort).toList(), ", ", 1000, n -> ", … " + n + " more");
        String text = code(card.action(), 100) + " by " + code(card.agent().id(), ID) + " for " + code(card.principal(), ID) + "\n" + targets
                + "\n" + RequestParts.progress(card.progress(), 1000) + " · " + card.minutesLeft() + " min left · "
                + links.record(card.intentId(), "full record");
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(text))));
        if (card.requestId().length() <= BUTTON_VALUE) {
            String blockId = "decide-" + card.requestId();
            // block_id is optional; one past Slack's limit is left for Slack to generate.
            blocks.add(actions(a -> a.blockId(blockId.length() <= BLOCK_ID ? blockId : null).elements(buttons(card))));
        }
        blocks.add(divider());
        return blocks;
    }

    /** The message of a closed request: its details and the outcome with the decisions it counted, no buttons. */
    public List<LayoutBlock> closed(ApprovalCard card) {
        List<LayoutBlock> blocks = details(card);
        blastRadius(card).ifPresent(blocks::add);
        String decisions = fit(card.outcome().decisions().stream().map(d -> (d.decision() == DecisionKind.APPROVE ? "approved by " : "denied by ")
                + code(d.approver(), ID) + (d.reason() == null ? "" : ": " + code(d.reason(), 500))).toList(),
                "\n", SECTION - 100, n -> "\n… and " + n + " more decisions");
        blocks.add(section(s -> s.text(markdownText(outcome(card.outcome().result()) + (decisions.isEmpty() ? "" : "\n" + decisions)))));
        blocks.add(context(c -> c.elements(List.of(markdownText(links.record(card.intentId(), "Full, masked record in the dashboards"))))));
        return blocks;
    }

    /** The thread reply that records the final verdict under the message. */
    public String verdictReply(ApprovalCard closed) {
        ApprovalCard.Outcome o = closed.outcome();
        return "Verdict: *" + o.verdict() + "* (" + o.decidedBy().toLowerCase(Locale.ROOT) + ")"
                + (o.message() == null ? "" : " — " + code(o.message(), 1000));
    }

    /** The DM that tells the principal how a request made on their behalf ended (escaped: every part is agent or approver text). */
    public String requesterNotice(ApprovalCard closed) {
        ApprovalCard.Outcome o = closed.outcome();
        return "A request made on your behalf was decided: " + code(closed.agent().id(), ID) + " asked to "
                + code(closed.action(), ID) + ". " + outcome(o.result())
                + (o.message() == null ? "" : " — " + code(o.message(), 1000)) + "\n" + links.record(closed.intentId(), "Full, masked record");
    }

    /**
     * The short message shown instead when Slack refuses the full one for good (invalid_blocks,
     * msg_too_long): no details and no buttons, a link to the dashboards; with the outcome once decided.
     */
    public List<LayoutBlock> unrenderable(ApprovalCard card) {
        String state = card.open() ? "" : "\n" + outcome(card.outcome().result());
        return List.of(section(s -> s.text(markdownText(":warning: A review request could not be shown here (Slack refused the message); open it in"
                + " the dashboards: " + links.record(card.intentId(), "review request") + "\nRequest " + code(card.requestId(), ID) + state))));
    }

    /**
     * "Blast radius: `feeds 14 datasets in 3 hops, 2 labelled PII; …` · dataset page": the line inside code (its label
     * names come from the index), each target's dataset page linked (at most {@link #DATASET_LINKS}); none without an index.
     */
    private Optional<LayoutBlock> blastRadius(ApprovalCard card) {
        if (card.blastRadius() == null) {
            return Optional.empty();
        }
        List<ApprovalCard.Target> targets = card.targets().stream().limit(DATASET_LINKS).toList();
        String pages = targets.size() == 1 ? " · " + links.dataset(targets.get(0).dataset(), "dataset page")
                : targets.isEmpty() ? "" : " · dataset pages: " + String.join(", ", IntStream.range(0, targets.size())
                .mapToObj(i -> links.dataset(targets.get(i).dataset(), String.valueOf(i + 1))).toList());
        String text = ":link: *Blast radius*: " + code(card.blastRadius().line(), CONTEXT - pages.length() - 40) + pages;
        return Optional.of(context(c -> c.elements(List.of(markdownText(text)))));
    }

    private static String outcome(ApprovalCard.Result result) {
        return switch (result) {
            case EXPIRED -> ":hourglass: *Expired — denied*";
            case APPROVED -> ":white_check_mark: *Approved*";
            case DENIED -> ":no_entry: *Denied*";
        };
    }

    private static List<BlockElement> buttons(ApprovalCard card) {
        return asElements(
                button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary").value(card.requestId())),
                button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(card.requestId())));
    }

    private static List<LayoutBlock> details(ApprovalCard card) {
        ApprovalCard.Agent agent = card.agent();
        List<LayoutBlock> blocks = new ArrayList<>();
        // plain_text: Slack shows it as it is (no markup to escape), but it is still one line, visible, and cut.
        String title = "Review: " + DisplayText.cut(DisplayText.oneLine(card.action()), 100) + " in "
                + DisplayText.cut(DisplayText.oneLine(card.environment()), 30);
        blocks.add(header(h -> h.text(plainText(p -> p.text(DisplayText.cut(title, HEADER)).emoji(false)))));
        List<TextObject> who = List.of(
                markdownText("*Agent*\n" + code(agent.id(), ID) + (agent.framework() == null ? "" : " (" + code(agent.framework(), 100) + ")")),
                markdownText("*Acting for*\n" + code(card.principal(), ID)),
                markdownText("*Delegation chain*\n" + fit(card.delegationChain().stream().map(p -> code(p, ID)).toList(), " → ", 1900,
                        n -> " → … " + n + " more")),
                markdownText("*Destination*\n" + (card.destination() == null ? "none"
                        : code(card.destination().uri(), RequestParts.URI) + (card.destination().external() ? "  :warning: *external*" : ""))));
        blocks.add(section(s -> s.fields(who)));
        List<String> targets = card.targets().stream().map(RequestParts::target).toList();
        blocks.add(section(s -> s.text(markdownText("*Targets*\n" + fit(targets, "\n", SECTION - 20, n -> "\n… and " + n + " more targets")))));
        blocks.add(section(s -> s.text(markdownText("*Why review*: " + fit(card.rules().stream().map(m -> code(m, ID)).toList(), ", ",
                SECTION - 100, n -> ", … " + n + " more") + " · risk " + card.risk()))));
        blocks.add(section(s -> s.text(markdownText("*Agent's reason*\n" + (card.reason() == null ? "_none given_"
                : Mrkdwn.block(card.reason(), SECTION - 40))))));
        blocks.add(section(s -> s.text(markdownText("*Parameters* (masked)\n" + RequestParts.parameters(card.parameters())))));
        blocks.add(divider());
        return blocks;
    }
}
