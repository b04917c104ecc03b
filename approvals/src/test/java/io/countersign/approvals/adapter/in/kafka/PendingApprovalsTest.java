package io.countersign.approvals.adapter.in.kafka;

import io.countersign.approvals.application.ApprovalRequests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The view every approval channel lists and checks: who has decided, and what a verdict closes. */
class PendingApprovalsTest {

    @Test
    void aSelfApprovalAttemptWrittenForTheRecordIsNeverCountedOrShown() {
        PendingApprovals pending = new PendingApprovals();
        pending.requested(ApprovalRequests.request("ar-1", false).build());

        pending.decision(ApprovalRequests.decision("ar-1", "user:alice@example.com"));
        pending.decision(ApprovalRequests.decision("ar-1", "User:Olga@Example.com"));
        pending.decision(ApprovalRequests.decision("ar-1", "user:carol@example.com"));

        assertThat(pending.get("ar-1")).hasValueSatisfying(p -> assertThat(p.decidedBy()).containsExactly("user:carol@example.com"));
        assertThat(pending.decisionsOn("ar-1")).extracting(d -> d.getApprover()).containsExactly("user:carol@example.com");
    }
}
