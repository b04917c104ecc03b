package io.countersign.processors.domain.policy.replay;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.Effect;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One intent as the audit log recorded its policy decision: the intent (with the parameters as the audit keeps
 * them, masked), the labels each target had when it was classified (so a replay decides on the same facts, even
 * if a label changed since), and the effect and matching rules the policy in force then gave it.
 */
public record PastDecision(String intentId, Instant occurredAt, ActionIntent intent, Map<String, List<String>> labels, Effect effect,
                           List<String> rules, String policyVersion) {

    public PastDecision {
        labels = Map.copyOf(labels);
        rules = List.copyOf(rules);
    }
}
