package io.countersign.approvals.application.port.out;

import io.countersign.schema.ApprovalDecision;

/**
 * Writes a signed {@link ApprovalDecision} to {@code countersign.approval-decisions} (keyed by its
 * request id) and returns once it is acknowledged: a decision the use case reports as accepted is a
 * written record.
 */
public interface DecisionPublisher {

    /** Kafka or the schema registry cannot take the decision now; the approver may try again. */
    final class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    void publish(ApprovalDecision decision) throws UnavailableException;
}
