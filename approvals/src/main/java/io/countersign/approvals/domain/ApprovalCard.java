package io.countersign.approvals.domain;

import io.countersign.schema.DecisionKind;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an approver needs to see about one approval request, the same in every channel: who asks (the
 * agent, the human it acts for, the whole delegation chain), what (action, environment, targets with their
 * labels and where inherited labels come from, the destination and whether it is external), why (matched
 * rules, risk, the agent's reason), the parameters, quorum progress, time left, and the outcome once
 * decided; and where the policy routes it ({@code route}, null: the channel's default); and what depends on
 * the targets ({@code blastRadius}, from the lineage index; null: no index configured, the line is left out).
 * Built once by {@link ApprovalCards} (the blast radius added by {@link #withBlastRadius}); each channel only
 * renders it (Block Kit, Adaptive Card).
 *
 * <p>Every free text that could carry a secret (the agent's reason, parameter values, decision reasons, the
 * verdict's message) is masked already. Nothing is escaped: every string is still hostile agent or approver
 * input, and each channel escapes it for its own markup and holds it to its own limits.
 */
public record ApprovalCard(String requestId, String intentId, Agent agent, String principal, List<String> delegationChain,
                           String action, String environment, List<Target> targets, Destination destination, List<String> rules,
                           int risk, String reason, Map<String, String> parameters, Progress progress, Instant expiresAt,
                           long secondsLeft, String route, Outcome outcome, BlastRadius blastRadius) {

    /** The agent, its framework (null: not given) and the person who owns it. */
    public record Agent(String id, String framework, String owner) {
    }

    /** A dataset the action touches and its labels. */
    public record Target(String dataset, List<Label> labels) {
    }

    /** A label; {@code inheritedFrom} (null: declared on the dataset itself) and {@code via} say where an inherited one comes from. */
    public record Label(String label, String inheritedFrom, List<String> via) {
    }

    /** Where the data goes; {@code external}: outside the organisation. */
    public record Destination(String uri, boolean external) {
    }

    /** One person's decision; {@code reason} masked, null when none was given. */
    public record Vote(String approver, DecisionKind decision, String reason) {
    }

    /** Distinct approvals so far out of {@code quorum}, from which groups, and the decisions submitted so far. */
    public record Progress(long approvals, int quorum, List<String> eligibleGroups, List<Vote> votes) {
    }

    /** How a request ended. */
    public enum Result { APPROVED, DENIED, EXPIRED }

    /** The verdict: its result, the decisions it counted, who decided ({@code APPROVERS}, {@code EXPIRED}, …) and its masked message. */
    public record Outcome(Result result, String verdict, String decidedBy, String message, List<Vote> decisions) {
    }

    public ApprovalCard {
        delegationChain = List.copyOf(delegationChain);
        targets = List.copyOf(targets);
        rules = List.copyOf(rules);
        // In the request's order, so every rendering lists (and cuts) them the same way.
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Without a blast radius (no lineage index to ask). */
    public ApprovalCard(String requestId, String intentId, Agent agent, String principal, List<String> delegationChain,
                        String action, String environment, List<Target> targets, Destination destination, List<String> rules,
                        int risk, String reason, Map<String, String> parameters, Progress progress, Instant expiresAt,
                        long secondsLeft, String route, Outcome outcome) {
        this(requestId, intentId, agent, principal, delegationChain, action, environment, targets, destination, rules, risk, reason,
                parameters, progress, expiresAt, secondsLeft, route, outcome, null);
    }

    /** This card showing {@code radius} (null: none). */
    public ApprovalCard withBlastRadius(BlastRadius radius) {
        return new ApprovalCard(requestId, intentId, agent, principal, delegationChain, action, environment, targets, destination, rules,
                risk, reason, parameters, progress, expiresAt, secondsLeft, route, outcome, radius);
    }

    /** Whether the request still waits for decisions (no outcome yet). */
    public boolean open() {
        return outcome == null;
    }

    /** Whole minutes left until the request expires (0 once past). */
    public long minutesLeft() {
        return secondsLeft / 60;
    }
}
