package io.countersign.approvals.application.port.in;

/**
 * Submit one approver's decision on a pending approval request, whatever channel it came through (the
 * approval API, Slack, Teams): the one place the early checks, the channel's signature and the write to
 * {@code countersign.approval-decisions} happen. The decision pipeline still checks everything again.
 */
public interface SubmitDecisionUseCase {

    /** The decision, accepted (written) or refused with a reason code and a sentence for the person. */
    DecisionResult submit(SubmitDecisionCommand command);
}
