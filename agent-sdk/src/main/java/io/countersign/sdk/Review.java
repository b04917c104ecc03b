package io.countersign.sdk;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What an intent's pending human review waits for, as the gateway reports it while the status is
 * {@link Status#PENDING_REVIEW}: {@link #approvals()} of {@link #quorum()} distinct approvals so far, from members
 * of {@link #eligibleGroups()}, until {@link #expiresAt()}. Obtained from {@link IntentHandle#review()}; older
 * gateways do not report it. Immutable.
 */
public final class Review {
    private final String requestId;
    private final int quorum;
    private final int approvals;
    private final List<String> approvedBy;
    private final List<String> eligibleGroups;
    private final Instant expiresAt;
    private final boolean stepUp;

    Review(String requestId, int quorum, int approvals, List<String> approvedBy, List<String> eligibleGroups, Instant expiresAt,
           boolean stepUp) {
        this.requestId = requestId;
        this.quorum = quorum;
        this.approvals = approvals;
        this.approvedBy = Collections.unmodifiableList(List.copyOf(approvedBy));
        this.eligibleGroups = Collections.unmodifiableList(List.copyOf(eligibleGroups));
        this.expiresAt = expiresAt;
        this.stepUp = stepUp;
    }

    /** The approval request's id, or null. */
    public String requestId() {
        return requestId;
    }

    /** Distinct approvals needed. */
    public int quorum() {
        return quorum;
    }

    /** Distinct approvers who approved so far. */
    public int approvals() {
        return approvals;
    }

    /** Who approved so far; the gateway names them only to approver and steward keys, so an agent gets an empty list. */
    public List<String> approvedBy() {
        return approvedBy;
    }

    /** The groups whose members may decide, for example {@code data-stewards}. */
    public List<String> eligibleGroups() {
        return eligibleGroups;
    }

    /** When the review expires (the intent is then denied by expiry), or null if unknown. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether an approval counts only after the approver signs in again with multi-factor authentication. */
    public boolean stepUp() {
        return stepUp;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Review)) {
            return false;
        }
        Review r = (Review) o;
        return quorum == r.quorum && approvals == r.approvals && stepUp == r.stepUp && Objects.equals(requestId, r.requestId)
                && approvedBy.equals(r.approvedBy) && eligibleGroups.equals(r.eligibleGroups) && Objects.equals(expiresAt, r.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, quorum, approvals, approvedBy, eligibleGroups, expiresAt, stepUp);
    }

    @Override
    public String toString() {
        return approvals + " of " + quorum + " approvals from " + eligibleGroups + ", expires " + expiresAt + (stepUp ? ", step-up" : "");
    }
}
