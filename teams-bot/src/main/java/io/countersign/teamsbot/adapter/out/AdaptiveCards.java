package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.DashboardLinks;
import io.countersign.schema.DecisionKind;

import java.util.List;
import java.util.stream.Collectors;

import static io.countersign.teamsbot.adapter.out.CardMarkdown.text;

/**
 * Renders the channel-neutral {@link ApprovalCard} as an Adaptive Card 1.5 for Microsoft Teams (a pure
 * function; no I/O). The content is the Slack card's: agent, principal and chain, action, environment,
 * targets with labels and provenance, destination, rules, risk, reason, masked parameters, quorum progress,
 * votes and time left, and what depends on the targets (the blast radius line); a closed card adds the outcome and
 * has no buttons.
 *
 * <p>An open card carries Universal Actions: {@code Action.Execute} Approve / Deny (verbs {@link #APPROVE},
 * {@link #DENY}, data {@code requestId}) with an optional {@code Input.Text} reason, each with an
 * {@code Action.Submit} {@code fallback} of the same data (plus {@code verb}) for clients without
 * Universal Actions, and a {@code refresh} ({@link #REFRESH}) for the eligible approvers' Teams user ids,
 * so they see live buttons and everyone else the status. Teams refreshes automatically for at most
 * {@link #MAX_REFRESH_USERS} users; more ids are left off (they still get the card and can refresh it
 * by opening it). Every value from the card goes through {@link CardMarkdown}; the only links are the blast
 * radius's {@code Action.OpenUrl}s to the targets' dataset pages in the configured dashboards, each dataset
 * percent-encoded as one segment ({@link DashboardLinks}), and only when the dashboards' address is given.
 */
public final class AdaptiveCards {

    public static final String APPROVE = "countersign.approve";
    public static final String DENY = "countersign.deny";
    public static final String REFRESH = "countersign.refresh";
    /** Teams' limit for {@code refresh.userIds}. */
    public static final int MAX_REFRESH_USERS = 60;
    /** How many targets, parameters and votes are listed before "… and N more". */
    static final int MAX_ITEMS = 20;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AdaptiveCards() {
    }

    /** The card for {@code card}; {@code refreshUserIds}: the Teams user ids who may still decide (ignored when closed). */
    public static ObjectNode render(ApprovalCard card, List<String> refreshUserIds) {
        return render(card, refreshUserIds, true);
    }

    /**
     * The card for {@code card}, with the reason input and the Approve / Deny buttons only when
     * {@code actionable} (a refresh for someone who may not decide gets the status, still refreshing).
     */
    public static ObjectNode render(ApprovalCard card, List<String> refreshUserIds, boolean actionable) {
        return render(card, refreshUserIds, actionable, null);
    }

    /** As {@link #render(ApprovalCard, List, boolean)}, linking the targets' dataset pages in {@code dashboards} (null: no links). */
    public static ObjectNode render(ApprovalCard card, List<String> refreshUserIds, boolean actionable, DashboardLinks dashboards) {
        ObjectNode root = JSON.objectNode().put("type", "AdaptiveCard")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json").put("version", "1.5");
        ArrayNode body = root.putArray("body");
        body.add(textBlock((card.open() ? "Approval requested: " : "Approval request closed: ") + text(card.action()))
                .put("size", "Large").put("weight", "Bolder").put("wrap", true));
        if (!card.open()) {
            body.add(outcome(card.outcome()));
        }
        body.add(CardSections.summary(card));
        CardSections.targets(body, card.targets());
        CardSections.blastRadius(body, card, dashboards);
        body.add(heading("Agent's reason"));
        body.add(textBlock(text(card.reason())));
        body.add(heading("Parameters (masked)"));
        body.add(CardSections.parameters(card.parameters()));
        CardSections.votes(body, card.progress().votes());
        if (card.open() && actionable) {
            body.add(JSON.objectNode().put("type", "Input.Text").put("id", "reason").put("label", "Reason (optional)")
                    .put("isMultiline", true).put("maxLength", 500).put("isRequired", false));
            ArrayNode actions = root.putArray("actions");
            actions.add(decide("Approve", APPROVE, DecisionKind.APPROVE, card.requestId()).put("style", "positive"));
            actions.add(decide("Deny", DENY, DecisionKind.DENY, card.requestId()).put("style", "destructive"));
        }
        if (card.open()) {
            ObjectNode refresh = root.putObject("refresh");
            refresh.set("action", JSON.objectNode().put("type", "Action.Execute").put("title", "Refresh").put("verb", REFRESH)
                    .set("data", data(card.requestId())));
            ArrayNode users = refresh.putArray("userIds");
            refreshUserIds.stream().distinct().limit(MAX_REFRESH_USERS).forEach(users::add);
        }
        return root;
    }

    /** "Approved by …" / "Denied …" / "Expired": the verdict and who decided. */
    private static ObjectNode outcome(ApprovalCard.Outcome o) {
        String who = o.decisions().isEmpty() ? "decided by " + text(o.decidedBy())
                : "decided by " + o.decisions().stream().limit(MAX_ITEMS).map(v -> text(v.approver()))
                .collect(Collectors.joining(", ")) + (o.decisions().size() > MAX_ITEMS ? " and others" : "");
        String message = o.message() == null ? "" : " — " + text(o.message());
        String color = o.result() == ApprovalCard.Result.APPROVED ? "Good" : "Attention";
        return textBlock(o.result().name() + ", " + who + message).put("weight", "Bolder").put("color", color).put("wrap", true);
    }

    private static ObjectNode decide(String title, String verb, DecisionKind decision, String requestId) {
        ObjectNode data = data(requestId).put("decision", decision.name());
        ObjectNode fallbackData = data.deepCopy().put("verb", verb);
        ObjectNode fallback = JSON.objectNode().put("type", "Action.Submit").put("title", title);
        fallback.set("data", fallbackData);
        ObjectNode execute = JSON.objectNode().put("type", "Action.Execute").put("title", title).put("verb", verb);
        execute.set("data", data);
        execute.set("fallback", fallback);
        return execute;
    }

    private static ObjectNode data(String requestId) {
        return JSON.objectNode().put("requestId", requestId);
    }

    static ObjectNode heading(String s) {
        return textBlock(s).put("weight", "Bolder").put("spacing", "Medium");
    }

    /** A TextBlock of already-escaped {@code markdown}. */
    static ObjectNode textBlock(String markdown) {
        return JSON.objectNode().put("type", "TextBlock").put("text", markdown).put("wrap", true);
    }
}
