package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.DashboardLinks;
import io.countersign.schema.DecisionKind;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.countersign.teamsbot.adapter.out.AdaptiveCards.MAX_ITEMS;
import static io.countersign.teamsbot.adapter.out.AdaptiveCards.heading;
import static io.countersign.teamsbot.adapter.out.AdaptiveCards.textBlock;
import static io.countersign.teamsbot.adapter.out.CardMarkdown.text;

/**
 * The list-shaped parts of the Teams approval card ({@link AdaptiveCards}): the summary FactSet, targets
 * with labels and provenance, the blast radius with the targets' dataset pages, parameters, votes. Every value is escaped by {@link CardMarkdown} and each
 * list is held to {@link AdaptiveCards#MAX_ITEMS} entries ("… and N more"), so a request with hundreds of
 * targets still makes a card Teams accepts (its payload limit is about 28 KB).
 */
final class CardSections {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** How many targets' dataset pages the blast radius links. */
    static final int DATASET_LINKS = 3;

    private CardSections() {
    }

    /** Who, what, where, why and how far: one FactSet. */
    static ObjectNode summary(ApprovalCard c) {
        ObjectNode set = factSet();
        ArrayNode facts = (ArrayNode) set.get("facts");
        ApprovalCard.Agent a = c.agent();
        fact(facts, "Agent", text(a.id()) + (a.framework() == null ? "" : " (" + text(a.framework()) + ")"));
        fact(facts, "Owner", text(a.owner()));
        fact(facts, "On behalf of", text(c.principal()));
        fact(facts, "Delegation chain", joined(c.delegationChain(), " → "));
        fact(facts, "Action", text(c.action()));
        fact(facts, "Environment", text(c.environment()));
        ApprovalCard.Destination d = c.destination();
        fact(facts, "Destination", d == null ? "none" : text(d.uri()) + (d.external() ? " ⚠ EXTERNAL" : " (internal)"));
        fact(facts, "Matched rules", c.rules().isEmpty() ? "none" : joined(c.rules(), ", "));
        fact(facts, "Risk", c.risk() + " / 100");
        ApprovalCard.Progress p = c.progress();
        fact(facts, "Approvals", p.approvals() + " of " + p.quorum() + " from " + (p.eligibleGroups().isEmpty() ? "any approver"
                : joined(p.eligibleGroups(), " or ")));
        fact(facts, c.open() ? "Time left" : "Expired at", c.open() ? c.minutesLeft() + " min (expires " + c.expiresAt() + ")"
                : String.valueOf(c.expiresAt()));
        return set;
    }

    /** "Targets" and one line per dataset: its labels, and where an inherited one comes from. */
    static void targets(ArrayNode body, List<ApprovalCard.Target> targets) {
        body.add(heading("Targets"));
        if (targets.isEmpty()) {
            body.add(textBlock("none"));
        }
        targets.stream().limit(MAX_ITEMS).forEach(t -> body.add(textBlock("• " + text(t.dataset()) + " — "
                + (t.labels().isEmpty() ? "no labels" : t.labels().stream().limit(MAX_ITEMS).map(CardSections::label)
                .collect(Collectors.joining(", "))))));
        more(body, targets.size(), "targets");
    }

    /**
     * "Blast radius" and its line (escaped: label names come from the index), with an {@code Action.OpenUrl} to each
     * target's dataset page (at most {@link #DATASET_LINKS}) when the dashboards' address is known; nothing without an index.
     */
    static void blastRadius(ArrayNode body, ApprovalCard card, DashboardLinks dashboards) {
        if (card.blastRadius() == null) {
            return;
        }
        body.add(heading("Blast radius"));
        body.add(textBlock(text(card.blastRadius().line(), 600)));
        if (dashboards == null || card.targets().isEmpty()) {
            return;
        }
        ArrayNode actions = JSON.arrayNode();
        List<ApprovalCard.Target> targets = card.targets().stream().limit(DATASET_LINKS).toList();
        for (int i = 0; i < targets.size(); i++) {
            actions.add(JSON.objectNode().put("type", "Action.OpenUrl").put("title", targets.size() == 1 ? "Dataset page" : "Dataset page " + (i + 1))
                    .put("url", dashboards.dataset(targets.get(i).dataset())));
        }
        body.add(JSON.objectNode().put("type", "ActionSet").set("actions", actions));
    }

    /** The masked parameters as a FactSet, in the request's order. */
    static ObjectNode parameters(Map<String, String> parameters) {
        ObjectNode set = factSet();
        ArrayNode facts = (ArrayNode) set.get("facts");
        parameters.entrySet().stream().limit(MAX_ITEMS).forEach(e -> fact(facts, text(e.getKey(), 100), text(e.getValue())));
        if (parameters.size() > MAX_ITEMS) {
            fact(facts, "…", "and " + (parameters.size() - MAX_ITEMS) + " more parameters");
        }
        if (parameters.isEmpty()) {
            fact(facts, "none", "");
        }
        return set;
    }

    /** "Decisions so far" with each approver, their decision and masked reason. */
    static void votes(ArrayNode body, List<ApprovalCard.Vote> votes) {
        if (votes.isEmpty()) {
            return;
        }
        body.add(heading("Decisions"));
        votes.stream().limit(MAX_ITEMS).forEach(v -> body.add(textBlock((v.decision() == DecisionKind.APPROVE ? "✓ " : "✗ ")
                + text(v.approver()) + (v.decision() == DecisionKind.APPROVE ? " approved" : " denied")
                + (v.reason() == null ? "" : ": " + text(v.reason())))));
        more(body, votes.size(), "decisions");
    }

    private static String label(ApprovalCard.Label l) {
        if (l.inheritedFrom() == null) {
            return text(l.label(), 100);
        }
        String via = l.via().isEmpty() ? "" : " via " + joined(l.via(), " → ");
        return text(l.label(), 100) + " (inherited from " + text(l.inheritedFrom()) + via + ")";
    }

    private static String joined(List<String> values, String separator) {
        return values.stream().limit(MAX_ITEMS).map(CardMarkdown::text).collect(Collectors.joining(separator))
                + (values.size() > MAX_ITEMS ? separator + "… " + (values.size() - MAX_ITEMS) + " more" : "");
    }

    private static void more(ArrayNode body, int size, String what) {
        if (size > MAX_ITEMS) {
            body.add(textBlock("… and " + (size - MAX_ITEMS) + " more " + what));
        }
    }

    private static ObjectNode factSet() {
        ObjectNode set = JSON.objectNode().put("type", "FactSet");
        set.putArray("facts");
        return set;
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.add(JSON.objectNode().put("title", title).put("value", value));
    }
}
