package io.countersign.mcpgateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a tool call's pending human review waits for, as Countersign reports it: {@code approvals} of {@code quorum}
 * distinct approvals so far, from members of {@code eligibleGroups}, until {@code expiresAt}; {@code stepUp} when an
 * approval counts only after the approver signs in again. {@link #describe} is the one wording agents see it in.
 */
public record PendingReview(int quorum, int approvals, List<String> eligibleGroups, Instant expiresAt, boolean stepUp) {

    public PendingReview {
        eligibleGroups = List.copyOf(eligibleGroups);
    }

    /**
     * For example "1 of 2 approvals so far from data-stewards, expires in 28 min": approvals given of those needed,
     * who may give them, and the time left at {@code now}.
     */
    public String describe(Instant now) {
        StringBuilder out = new StringBuilder().append(approvals).append(" of ").append(quorum).append(quorum == 1 ? " approval" : " approvals")
                .append(" so far");
        if (!eligibleGroups.isEmpty()) {
            out.append(" from ").append(String.join(" or ", eligibleGroups));
        }
        if (stepUp) {
            out.append(" (with step-up sign-in)");
        }
        if (expiresAt != null) {
            out.append(", ").append(expiresIn(Duration.between(now, expiresAt)));
        }
        return out.toString();
    }

    private static String expiresIn(Duration left) {
        long s = left.toSeconds();
        if (s <= 0) {
            return "expiring now";
        }
        if (s < 60) {
            return "expires in " + s + " s";
        }
        long min = (s + 30) / 60;
        return min < 120 ? "expires in " + min + " min" : "expires in " + (min + 30) / 60 + " h";
    }
}
