package io.countersign.ingest.adapter.out;

import io.countersign.approvals.application.port.out.DecisionPublisher;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ApprovalDecision;

/**
 * The approvals core's {@link DecisionPublisher} on the gateway's own producer: decisions from the
 * approval API go to {@code countersign.approval-decisions}, keyed by request id, with the gateway's
 * produce timeout and client id, and a failure keeps the gateway's 503 message.
 */
public final class KafkaDecisions implements DecisionPublisher {

    private final KafkaPublisher publisher;

    public KafkaDecisions(KafkaPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(ApprovalDecision decision) throws UnavailableException {
        try {
            publisher.publish(Topics.APPROVAL_DECISIONS, decision.getRequestId(), decision);
        } catch (KafkaPublisher.UnavailableException e) {
            throw new UnavailableException(e.getMessage());
        }
    }
}
