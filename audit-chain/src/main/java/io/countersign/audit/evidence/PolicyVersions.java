package io.countersign.audit.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy versions in force in a period, for {@link EvidenceReport}, from the decisions the policy made
 * (CLASSIFIED records, which carry the version): each version's first and last decision and how many it made,
 * ordered by first decision, each naming the version in force before it. The audit log has no event for a
 * policy being loaded, so these times bound the version's use, not its loading; a previous version still
 * deciding after the next one's first decision (several pipeline instances reloading one after the other, or
 * a change undone) is shown as an overlap.
 */
final class PolicyVersions {

    private final Map<String, Use> byVersion = new HashMap<>();

    void decided(String version, Instant at) {
        byVersion.computeIfAbsent(version, Use::new).add(at);
    }

    /** Rows: version, first decision, last decision, decisions, changed from. */
    List<String[]> rows() {
        List<Use> inOrder = byVersion.values().stream().sorted(Comparator.comparing((Use u) -> u.first).thenComparing(u -> u.version)).toList();
        List<String[]> rows = new ArrayList<>();
        Use previous = null;
        for (Use u : inOrder) {
            String changedFrom = previous == null ? "(first in the period)" : previous.version
                    + (previous.last.isAfter(u.first) ? " (overlap: it still decided until " + previous.last + ")" : "");
            rows.add(new String[] {u.version, u.first.toString(), u.last.toString(), String.valueOf(u.decisions), changedFrom});
            previous = u;
        }
        return rows;
    }

    /** One version's use in the period. */
    private static final class Use {
        final String version;
        Instant first;
        Instant last;
        long decisions;

        Use(String version) {
            this.version = version;
        }

        void add(Instant at) {
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            decisions++;
        }
    }
}
