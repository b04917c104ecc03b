package io.countersign.ingest.adapter.in.kafka;

import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Approval requests still waiting for people, with who has submitted a decision on each: what the
 * approval API lists and checks before it writes a decision. Fed from the approval-requests,
 * approval-decisions and verdicts topics (a verdict closes its request), so it is rebuilt on restart.
 */
public final class PendingApprovals {

    /** One open request and the people who decided on it so far. */
    public record Pending(ApprovalRequest request, Set<String> decidedBy) {
    }

    private final Map<String, ApprovalRequest> open = new LinkedHashMap<>();
    private final Map<String, Set<String>> decided = new LinkedHashMap<>();
    private final Set<String> closed = new LinkedHashSet<>();

    public synchronized void requested(ApprovalRequest request) {
        if (!closed.contains(request.getRequestId())) {
            open.put(request.getRequestId(), request);
        }
    }

    public synchronized void decision(ApprovalDecision decision) {
        decided.computeIfAbsent(decision.getRequestId(), k -> new LinkedHashSet<>()).add(decision.getApprover());
    }

    public synchronized void verdict(Verdict verdict) {
        if (verdict.getRequestId() != null) {
            String id = verdict.getRequestId();
            open.remove(id);
            decided.remove(id);
            closed.add(id);
            // Closed ids only guard against a request read after its verdict; old ones are not needed.
            if (closed.size() > 100_000) {
                closed.remove(closed.iterator().next());
            }
        }
    }

    public synchronized Optional<Pending> get(String requestId) {
        ApprovalRequest r = open.get(requestId);
        return r == null ? Optional.empty() : Optional.of(new Pending(r, Set.copyOf(decided.getOrDefault(requestId, Set.of()))));
    }

    public synchronized boolean wasClosed(String requestId) {
        return closed.contains(requestId);
    }

    /** Every open request, newest first. */
    public synchronized List<Pending> all() {
        List<Pending> out = new ArrayList<>();
        open.values().forEach(r -> out.add(new Pending(r, Set.copyOf(decided.getOrDefault(r.getRequestId(), Set.of())))));
        out.sort(Comparator.comparing((Pending p) -> p.request().getCreatedAt()).reversed());
        return out;
    }
}
