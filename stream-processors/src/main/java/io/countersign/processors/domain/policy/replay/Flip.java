package io.countersign.processors.domain.policy.replay;

import io.countersign.schema.Effect;

import java.time.Instant;
import java.util.List;

/**
 * An intent a candidate policy decides differently: the effect then and now, the rules that matched then and
 * now, and the rule that made the difference ({@code cause}: the new rule that now gives the new effect, or,
 * when the new policy is more lenient, the old rule that no longer applies; {@code default} when it is the
 * default effect).
 */
public record Flip(String intentId, Instant occurredAt, String agent, String action, Effect before, Effect after, List<String> rulesBefore,
                   List<String> rulesAfter, String cause) {

    public Flip {
        rulesBefore = List.copyOf(rulesBefore);
        rulesAfter = List.copyOf(rulesAfter);
    }

    /** {@code allow→review}, as the report counts transitions. */
    public String transition() {
        return before.name().toLowerCase() + "→" + after.name().toLowerCase();
    }
}
