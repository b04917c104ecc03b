package io.countersign.approvals.application.port.out;

import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;

import java.util.Optional;
import java.util.Set;

/**
 * The approval requests still waiting for people, as the decision use case needs them: one open request
 * with who has decided on it, whether a request was closed already, and a decision just written (so a
 * second click a moment later is refused before the pipeline has echoed the first one back).
 */
public interface PendingRequests {

    /** One open request and the people who decided on it so far. */
    record Pending(ApprovalRequest request, Set<String> decidedBy) {
    }

    Optional<Pending> get(String requestId);

    /** Whether {@code requestId} was closed by a verdict (decided or expired). */
    boolean wasClosed(String requestId);

    /** Records a decision this instance has just written. */
    void decision(ApprovalDecision decision);
}
