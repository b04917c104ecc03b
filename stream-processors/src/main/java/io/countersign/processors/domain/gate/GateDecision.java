package io.countersign.processors.domain.gate;

import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.Verdict;

import java.util.List;

/**
 * What the gate decided for one intent ({@link Gate#decide}): a verdict at once (ALLOW or DENY by
 * policy) or an approval request (REVIEW), with the intent's audit events in the order they happened
 * (RECEIVED, CLASSIFIED, then VERDICT or APPROVAL_REQUESTED). Every record carries only masked data.
 */
public sealed interface GateDecision {

    /** The audit events of this decision, in order. */
    List<AuditRecord> audit();

    /** Policy allowed or denied: the verdict, keyed by intent id. */
    record Decided(Verdict verdict, List<AuditRecord> audit) implements GateDecision {
        public Decided {
            audit = List.copyOf(audit);
        }
    }

    /** Policy asked for review: the approval request, keyed by its request id. */
    record Review(ApprovalRequest request, List<AuditRecord> audit) implements GateDecision {
        public Review {
            audit = List.copyOf(audit);
        }
    }
}
