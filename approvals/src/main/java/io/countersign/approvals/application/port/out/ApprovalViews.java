package io.countersign.approvals.application.port.out;

import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * The approval requests as a channel shows them: every open one with the decisions submitted on it so far,
 * and a recently closed one with the verdict that closed it. Rebuilt from Kafka on every start, so what a
 * channel shows after a restart is what the topics say, not what the channel remembers.
 */
public interface ApprovalViews {

    /** An open request and the decisions submitted on it so far, oldest first. */
    record Open(ApprovalRequest request, List<ApprovalDecision> decisions) {
        public Open {
            decisions = List.copyOf(decisions);
        }
    }

    /** A closed request and the verdict that closed it (decided or expired). */
    record Closed(ApprovalRequest request, Verdict verdict) {
    }

    /** Every open request, newest first. */
    List<Open> open();

    /** The open request {@code requestId}, if it is open. */
    Optional<Open> open(String requestId);

    /** The request {@code requestId} and its verdict, if it was closed recently. */
    Optional<Closed> closed(String requestId);
}
