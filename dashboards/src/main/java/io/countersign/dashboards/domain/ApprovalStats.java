package io.countersign.dashboards.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Approval analytics over reviewed intents: time to decision (request → verdict) at p50/p95 by rule
 * and by approver group, each approver's load, and rubber-stamping flags — most decisions faster than
 * a threshold after the request, or never denying. Percentiles are nearest-rank over the exact values.
 */
public final class ApprovalStats {

    /** One reviewed intent: its rules and groups, how long the verdict took, and each human decision. */
    public record Reviewed(List<String> rules, List<String> groups, long timeToDecisionMs, Instant requestedAt, List<Decision> decisions) {
    }

    /** One approver's decision on a request. */
    public record Decision(String approver, boolean approve, Instant decidedAt) {
    }

    public record Timing(String key, int count, long p50Ms, long p95Ms) {
    }

    public record ApproverLoad(String approver, int decisions, int approvals, int denials, int fastDecisions, double medianSeconds,
                               List<String> flags) {
    }

    /** A flag needs at least this many decisions: one quick approval is not a pattern. */
    static final int MIN_DECISIONS_FOR_FLAGS = 3;

    private ApprovalStats() {
    }

    public static List<Timing> byKey(Collection<Reviewed> reviewed, boolean byRule) {
        Map<String, List<Long>> times = new TreeMap<>();
        for (Reviewed r : reviewed) {
            for (String key : byRule ? r.rules() : r.groups()) {
                times.computeIfAbsent(key, k -> new ArrayList<>()).add(r.timeToDecisionMs());
            }
        }
        List<Timing> out = new ArrayList<>();
        times.forEach((key, values) -> out.add(new Timing(key, values.size(), percentile(values, 50), percentile(values, 95))));
        return out;
    }

    public static List<ApproverLoad> approvers(Collection<Reviewed> reviewed, Duration fast) {
        Map<String, List<Decision>> by = new TreeMap<>();
        Map<Decision, Instant> requested = new LinkedHashMap<>();
        for (Reviewed r : reviewed) {
            for (Decision d : r.decisions()) {
                by.computeIfAbsent(d.approver(), k -> new ArrayList<>()).add(d);
                requested.put(d, r.requestedAt());
            }
        }
        List<ApproverLoad> out = new ArrayList<>();
        by.forEach((approver, decisions) -> {
            int approvals = (int) decisions.stream().filter(Decision::approve).count();
            List<Long> millis = new ArrayList<>();
            int quick = 0;
            for (Decision d : decisions) {
                Instant asked = requested.get(d);
                long ms = asked == null ? -1 : Math.max(0, Duration.between(asked, d.decidedAt()).toMillis());
                if (ms >= 0) {
                    millis.add(ms);
                    if (ms < fast.toMillis()) {
                        quick++;
                    }
                }
            }
            List<String> flags = new ArrayList<>();
            if (decisions.size() >= MIN_DECISIONS_FOR_FLAGS) {
                if (approvals == decisions.size()) {
                    flags.add("never denies");
                }
                if (quick * 2 > decisions.size()) {
                    flags.add(quick + " of " + decisions.size() + " decisions in under " + fast.toSeconds() + " s");
                }
            }
            out.add(new ApproverLoad(approver, decisions.size(), approvals, decisions.size() - approvals, quick,
                    millis.isEmpty() ? 0 : percentile(millis, 50) / 1000.0, flags));
        });
        out.sort((a, b) -> Integer.compare(b.decisions(), a.decisions()));
        return out;
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
