package io.countersign.processors.domain.policy;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a review needs: who may approve (any of these groups), how many distinct people, whether an
 * approve needs a reason, how long the request stays open, which parameters to mask, where to ask, and
 * whether an approve needs step-up (a fresh multi-factor sign-in at the identity provider).
 */
public record ReviewRequirement(List<String> approverGroups, int quorum, boolean requireReason, Duration ttl,
                                Set<String> mask, String route, boolean stepUp) {

    public ReviewRequirement {
        approverGroups = List.copyOf(approverGroups);
        mask = Set.copyOf(mask);
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be at least 1");
        }
    }

    /** A review without step-up. */
    public ReviewRequirement(List<String> approverGroups, int quorum, boolean requireReason, Duration ttl, Set<String> mask,
                             String route) {
        this(approverGroups, quorum, requireReason, ttl, mask, route, false);
    }

    /**
     * Several matching review rules make one review: any of their groups may approve, the highest quorum
     * and the shortest deadline apply, every mask applies, and a reason (or step-up) is needed if any rule needs one.
     */
    public ReviewRequirement combine(ReviewRequirement other) {
        Set<String> groups = new LinkedHashSet<>(approverGroups);
        groups.addAll(other.approverGroups);
        Set<String> masks = new LinkedHashSet<>(mask);
        masks.addAll(other.mask);
        return new ReviewRequirement(List.copyOf(groups), Math.max(quorum, other.quorum), requireReason || other.requireReason,
                ttl.compareTo(other.ttl) <= 0 ? ttl : other.ttl, masks, route != null ? route : other.route,
                stepUp || other.stepUp);
    }
}
