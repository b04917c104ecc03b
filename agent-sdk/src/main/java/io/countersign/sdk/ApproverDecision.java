package io.countersign.sdk;

import java.time.Instant;
import java.util.Objects;

/** One human approver's answer to a reviewed intent, part of a {@link Verdict}. */
public final class ApproverDecision {
    /** What the approver answered. */
    public enum Decision {
        /** The approver approved. */
        APPROVE,
        /** The approver denied. */
        DENY,
        /** A value this SDK version does not know. */
        UNKNOWN
    }

    private final String approver;
    private final Decision decision;
    private final String reason;
    private final Instant decidedAt;

    ApproverDecision(String approver, Decision decision, String reason, Instant decidedAt) {
        this.approver = approver;
        this.decision = decision;
        this.reason = reason;
        this.decidedAt = decidedAt;
    }

    /** The approver, for example {@code user:bob@example.com}. */
    public String approver() {
        return approver;
    }

    /** Approve or deny. */
    public Decision decision() {
        return decision;
    }

    /** The approver's stated reason, or null. */
    public String reason() {
        return reason;
    }

    /** When the approver answered, or null if unknown. */
    public Instant decidedAt() {
        return decidedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ApproverDecision)) {
            return false;
        }
        ApproverDecision d = (ApproverDecision) o;
        return Objects.equals(approver, d.approver) && decision == d.decision
                && Objects.equals(reason, d.reason) && Objects.equals(decidedAt, d.decidedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(approver, decision, reason, decidedAt);
    }

    @Override
    public String toString() {
        return approver + " " + decision + (reason == null ? "" : " (\"" + reason + "\")");
    }
}
