package io.countersign.approvalbot.domain;

import io.countersign.masking.Masker;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.LabelEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.countersign.approvalbot.domain.Mrkdwn.code;
import static io.countersign.approvalbot.domain.Mrkdwn.fit;

/**
 * The pieces of a request message that list untrusted values — targets with their labels, parameters,
 * quorum progress — each escaped by {@link Mrkdwn} and held to a budget, so a request with hundreds of
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
    static String target(DatasetClassification d) {
        List<String> labels = d.getLabels().stream().map(l -> code(l.getLabel(), LABEL) + provenance(l)).toList();
        return "• " + code(d.getDataset(), URI) + " — " + (labels.isEmpty() ? "no labels" : fit(labels, ", ", 1200, n -> ", … " + n + " more labels"));
    }

    /** "`s3://lake/churn` (`PII`)": a target on the App Home list. */
    static String targetInShort(DatasetClassification d) {
        return code(d.getDataset(), URI) + " (" + fit(d.getLabels().stream().map(l -> code(l.getLabel(), LABEL)).toList(), ", ", 300,
                n -> ", … " + n) + ")";
    }

    /** Why a label applies: " (inherited from `crm.customers` via `nightly_export`)". */
    private static String provenance(LabelEntry l) {
        if (l.getProvenance().isEmpty()) {
            return "";
        }
        String via = l.getVia().isEmpty() ? "" : " via " + fit(l.getVia().stream().map(v -> code(v, ID)).toList(), " → ", 600, n -> " → … " + n + " more");
        return " (inherited from " + code(l.getProvenance().get(0), URI) + via + ")";
    }

    static String parameters(Map<String, String> masked) {
        if (masked.isEmpty()) {
            return "_none_";
        }
        // Masked again: defence in depth, the bot is the last stop before Slack.
        return fit(masked.entrySet().stream().map(e -> code(e.getKey(), 100) + " = " + code(Masker.maskText(e.getValue()), 300)).toList(),
                "\n", SECTION - 40, n -> "\n… and " + n + " more parameters");
    }

    /** "*1 of 2* approvals from `data-stewards` (`user:carol@example.com` ✓)", at most {@code max} characters. */
    static String progress(ApprovalRequest r, List<ApprovalDecision> decisions, int max) {
        long approvals = decisions.stream().filter(d -> d.getDecision().name().equals("APPROVE")).map(ApprovalDecision::getApprover).distinct().count();
        String head = "*" + approvals + " of " + r.getQuorum() + "* approvals from "
                + fit(r.getEligibleGroups().stream().map(g -> code(g, 100)).toList(), " or ", 300, n -> " or " + n + " more groups");
        String names = fit(decisions.stream().map(d -> code(d.getApprover(), ID) + (d.getDecision().name().equals("APPROVE") ? " ✓" : " ✗")).toList(),
                ", ", Math.max(0, max - head.length() - 3), n -> "… " + n + " more");
        return head + (names.isEmpty() ? "" : " (" + names + ")");
    }

    static long minutesLeft(ApprovalRequest r, Instant now) {
        return Math.max(0, Duration.between(now, r.getExpiresAt()).toMinutes());
    }
}
