package io.countersign.processors.domain.policy.replay;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What replaying a period through a candidate policy found: how many intents were replayed, the flips counted
 * by transition ({@code allow→review}), by the rule that made the difference, and by agent and action, and the
 * flips themselves (at most the first {@code limit}; {@code flipped} counts them all).
 */
public record ReplayReport(long replayed, long flipped, String policyVersion, Map<String, Long> byTransition, Map<String, Long> byRule,
                           Map<String, Long> byAgentAndAction, List<Flip> flips) {

    public ReplayReport {
        // Sorted by key, so reports (Markdown, JSON, the dashboards) list the counts in the same order every time.
        byTransition = Collections.unmodifiableSortedMap(new TreeMap<>(byTransition));
        byRule = Collections.unmodifiableSortedMap(new TreeMap<>(byRule));
        byAgentAndAction = Collections.unmodifiableSortedMap(new TreeMap<>(byAgentAndAction));
        flips = List.copyOf(flips);
    }

    /** Whether the candidate decides any replayed intent differently. */
    public boolean anyFlip() {
        return flipped > 0;
    }
}
