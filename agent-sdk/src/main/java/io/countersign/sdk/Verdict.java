package io.countersign.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The final decision on an intent: allowed or denied, by whom (policy, approvers, or expiry) and why.
 * Obtained from {@link IntentHandle#awaitVerdict(java.time.Duration)} or
 * {@link IntentDeniedException#verdict()}.
 *
 * <p>{@link #intentHash()} is the SHA-256 of the canonical intent the decision applies to; report it
 * as the executed hash so the gateway can check that what ran is what was approved.
 */
public final class Verdict {
    /** Allowed or denied. */
    public enum Outcome {
        /** The action may run. */
        ALLOWED,
        /** The action must not run. */
        DENIED,
        /** A value this SDK version does not know; never treated as allowed. */
        UNKNOWN
    }

    /** Who made the decision. */
    public enum DecidedBy {
        /** Policy decided without review. */
        POLICY,
        /** Human approvers decided. */
        APPROVERS,
        /** Nobody decided in time; the intent expired (to deny). */
        EXPIRED,
        /** A value this SDK version does not know. */
        UNKNOWN
    }

    private final Outcome outcome;
    private final DecidedBy decidedBy;
    private final List<ApproverDecision> decisions;
    private final List<MatchedRule> matchedRules;
    private final String policyVersion;
    private final String intentHash;
    private final String requestId;
    private final String message;
    private final Instant decidedAt;
    private final Long latencyMs;

    Verdict(Outcome outcome, DecidedBy decidedBy, List<ApproverDecision> decisions, List<MatchedRule> matchedRules,
            String policyVersion, String intentHash, String requestId, String message, Instant decidedAt,
            Long latencyMs) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.decidedBy = Objects.requireNonNull(decidedBy, "decidedBy");
        this.decisions = Collections.unmodifiableList(new ArrayList<>(decisions));
        this.matchedRules = Collections.unmodifiableList(new ArrayList<>(matchedRules));
        this.policyVersion = policyVersion;
        this.intentHash = intentHash;
        this.requestId = requestId;
        this.message = message;
        this.decidedAt = decidedAt;
        this.latencyMs = latencyMs;
    }

    /** True only when the outcome is {@link Outcome#ALLOWED}; unknown outcomes fail closed. */
    public boolean isAllowed() {
        return outcome == Outcome.ALLOWED;
    }

    /** Allowed or denied. */
    public Outcome outcome() { return outcome; }

    /** Policy, approvers or expiry. */
    public DecidedBy decidedBy() { return decidedBy; }

    /** The approvers' answers, in the order given; empty when policy decided alone. */
    public List<ApproverDecision> decisions() { return decisions; }

    /** The policy rules that matched; may be empty. */
    public List<MatchedRule> matchedRules() { return matchedRules; }

    /** The policy version that decided, or null. */
    public String policyVersion() { return policyVersion; }

    /** SHA-256 hex of the canonical intent the verdict applies to, or null. */
    public String intentHash() { return intentHash; }

    /** The request id of the decision, or null. */
    public String requestId() { return requestId; }

    /** A human-readable explanation from the gateway, or null. */
    public String message() { return message; }

    /** When the decision was made, or null if unknown. */
    public Instant decidedAt() { return decidedAt; }

    /** How long the decision took in milliseconds, or null if unknown. */
    public Long latencyMs() { return latencyMs; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Verdict)) {
            return false;
        }
        Verdict v = (Verdict) o;
        return outcome == v.outcome && decidedBy == v.decidedBy && decisions.equals(v.decisions)
                && matchedRules.equals(v.matchedRules) && Objects.equals(policyVersion, v.policyVersion)
                && Objects.equals(intentHash, v.intentHash) && Objects.equals(requestId, v.requestId)
                && Objects.equals(message, v.message) && Objects.equals(decidedAt, v.decidedAt)
                && Objects.equals(latencyMs, v.latencyMs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, decidedBy, intentHash, decidedAt);
    }

    @Override
    public String toString() {
        return "Verdict{outcome=" + outcome + ", decidedBy=" + decidedBy + ", decisions=" + decisions
                + ", matchedRules=" + matchedRules + ", policyVersion=" + policyVersion
                + ", intentHash=" + intentHash + "}";
    }
}
