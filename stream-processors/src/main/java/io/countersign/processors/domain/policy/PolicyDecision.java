package io.countersign.processors.domain.policy;

import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;

import java.util.List;

/**
 * The policy's answer for one intent: the effect, every rule that matched, the review requirement when
 * the effect is REVIEW (else null), and the version (content hash) of the policy that decided.
 */
public record PolicyDecision(Effect effect, List<MatchedRule> matched, ReviewRequirement review, String policyVersion) {

    public PolicyDecision {
        matched = List.copyOf(matched);
        if (effect == Effect.REVIEW && review == null) {
            throw new IllegalArgumentException("a REVIEW decision needs a review requirement");
        }
    }
}
