package io.countersign.approvalbot.domain;

import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.schema.DecisionKind;

import java.util.List;
import java.util.Map;

import static io.countersign.approvalbot.domain.Mrkdwn.code;
import static io.countersign.approvalbot.domain.Mrkdwn.fit;

/**
 * The pieces of a request message that list untrusted values of the {@link ApprovalCard} — targets with
 * their labels, parameters, quorum progress — each escaped by {@link Mrkdwn} and held to a budget, so a request with hundreds of
 * targets or kilobytes of parameters still renders within Slack's limits ("… and 12 more").
 */
final class RequestParts {

    /** Slack refuses a section text over 3,000 characters. */
    static final int SECTION = 3000;
    /** Budgets for one value: an identifier (agent, person, rule), a URI, a label. */
    static final int ID = 200;
    static final int URI = 400;
    static final int LABEL = 100;

    private RequestParts() {
    }

    /** "• `s3://lake/churn` — `PII` (inherited from `pg://crm/customers` via `dbt/nightly_export`)". */
    static String target(ApprovalCard.Target d) {
        List<String> labels = d.labels().stream().map(l -> code(l.label(), LABEL) + provenance(l)).toList();
        return "• " + code(d.dataset(), URI) + " — " + (labels.isEmpty() ? "no labels" : fit(labels, ", ", 1200, n -> ", … " + n + " more labels"));
    }

    /** "`s3://lake/churn` (`PII`)": a target on the App Home list. */
    static String targetInShort(ApprovalCard.Target d) {
        return code(d.dataset(), URI) + " (" + fit(d.labels().stream().map(l -> code(l.label(), LABEL)).toList(), ", ", 300,
                n -> ", … " + n) + ")";
    }

    /** Why a label applies: " (inherited from `crm.customers` via `nightly_export`)". */
    private static String provenance(ApprovalCard.Label l) {
        if (l.inheritedFrom() == null) {
            return "";
        }
        String via = l.via().isEmpty() ? "" : " via " + fit(l.via().stream().map(v -> code(v, ID)).toList(), " → ", 600, n -> " → … " + n + " more");
        return " (inherited from " + code(l.inheritedFrom(), URI) + via + ")";
    }

    static String parameters(Map<String, String> masked) {
        if (masked.isEmpty()) {
            return "_none_";
        }
        // The values were masked again by ApprovalCards: defence in depth, the bot is the last stop before Slack.
        return fit(masked.entrySet().stream().map(e -> code(e.getKey(), 100) + " = " + code(e.getValue(), 300)).toList(),
                "\n", SECTION - 40, n -> "\n… and " + n + " more parameters");
    }

    /** "*1 of 2* approvals from `data-stewards` (`user:carol@example.com` ✓)", at most {@code max} characters. */
    static String progress(ApprovalCard.Progress p, int max) {
        String head = "*" + p.approvals() + " of " + p.quorum() + "* approvals from "
                + fit(p.eligibleGroups().stream().map(g -> code(g, 100)).toList(), " or ", 300, n -> " or " + n + " more groups");
        String names = fit(p.votes().stream().map(d -> code(d.approver(), ID) + (d.decision() == DecisionKind.APPROVE ? " ✓" : " ✗")).toList(),
                ", ", Math.max(0, max - head.length() - 3), n -> "… " + n + " more");
        return head + (names.isEmpty() ? "" : " (" + names + ")");
    }
}
