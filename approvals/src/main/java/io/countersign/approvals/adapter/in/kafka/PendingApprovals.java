package io.countersign.approvals.adapter.in.kafka;

import io.countersign.approvals.application.port.out.ApprovalViews;
import io.countersign.approvals.application.port.out.PendingRequests;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Identity;
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
 * Approval requests still waiting for people, with who has submitted a decision on each: what every
 * approval channel (the approval API, the Slack and Teams bots) lists and checks before it writes a decision. Fed
 * by {@link ApprovalRecords} from the approval-requests, approval-decisions and verdicts topics (a verdict
 * closes its request), so it is rebuilt on restart.
 */
public final class PendingApprovals implements PendingRequests, ApprovalViews {

    private final Map<String, ApprovalRequest> open = new LinkedHashMap<>();
    private final Map<String, Set<String>> decided = new LinkedHashMap<>();
    private final Set<String> closed = new LinkedHashSet<>();
    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();
    private final Map<String, ApprovalRequest> closedRequests = new LinkedHashMap<>();
    private final Map<String, List<ApprovalDecision>> decisions = new LinkedHashMap<>();

    public synchronized void requested(ApprovalRequest request) {
        if (!closed.contains(request.getRequestId())) {
            open.put(request.getRequestId(), request);
        }
    }

    @Override
    public synchronized void decision(ApprovalDecision decision) {
        ApprovalRequest request = open.get(decision.getRequestId());
        if (request != null && isSelfApproval(request, decision)) {
            return; // written only for the record (SubmitDecisionService): the pipeline refuses it, nobody may count it
        }
        decided.computeIfAbsent(decision.getRequestId(), k -> new LinkedHashSet<>()).add(decision.getApprover());
        decisions.computeIfAbsent(decision.getRequestId(), k -> new ArrayList<>()).add(decision);
    }

    private static boolean isSelfApproval(ApprovalRequest request, ApprovalDecision decision) {
        try {
            return ApprovalRules.delegationChain(request.getIntent()).contains(Identity.of(decision.getApprover()));
        } catch (IllegalArgumentException e) {
            return false; // not a valid identity: not in the chain; the pipeline refuses it on its own grounds
        }
    }

    /** Decisions submitted on an open request so far (accepted or not: the pipeline decides). */
    public synchronized List<ApprovalDecision> decisionsOn(String requestId) {
        return List.copyOf(decisions.getOrDefault(requestId, List.of()));
    }

    /** A request that was closed by a verdict, while it is recent (to show its outcome). */
    public synchronized Optional<ApprovalRequest> closedRequest(String requestId) {
        return Optional.ofNullable(closedRequests.get(requestId));
    }

    /** The verdict that closed {@code requestId}, while it is recent. */
    public synchronized Optional<Verdict> verdictOf(String requestId) {
        return Optional.ofNullable(verdicts.get(requestId));
    }

    public synchronized void verdict(Verdict verdict) {
        if (verdict.getRequestId() != null) {
            String id = verdict.getRequestId();
            ApprovalRequest request = open.remove(id);
            if (request != null) {
                closedRequests.put(id, request);
            }
            decided.remove(id);
            decisions.remove(id);
            closed.add(id);
            verdicts.put(id, verdict);
            // Closed ids only guard against a request read after its verdict; old ones are not needed.
            if (closed.size() > 100_000) {
                String oldest = closed.iterator().next();
                closed.remove(oldest);
                verdicts.remove(oldest);
                closedRequests.remove(oldest);
            }
        }
    }

    @Override
    public synchronized Optional<Pending> get(String requestId) {
        ApprovalRequest r = open.get(requestId);
        return r == null ? Optional.empty() : Optional.of(new Pending(r, Set.copyOf(decided.getOrDefault(requestId, Set.of()))));
    }

    @Override
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

    @Override
    public synchronized List<Open> open() {
        return all().stream().map(p -> new Open(p.request(), decisionsOn(p.request().getRequestId()))).toList();
    }

    @Override
    public synchronized Optional<Open> open(String requestId) {
        ApprovalRequest r = open.get(requestId);
        return r == null ? Optional.empty() : Optional.of(new Open(r, decisionsOn(requestId)));
    }

    @Override
    public synchronized Optional<Closed> closed(String requestId) {
        ApprovalRequest r = closedRequests.get(requestId);
        Verdict v = verdicts.get(requestId);
        return r == null || v == null ? Optional.empty() : Optional.of(new Closed(r, v));
    }
}
