package io.countersign.approvals.domain;

import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.IntentSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalRulesTest {

    private static final Directory DIRECTORY = Directory.of(Map.of(
            "data-stewards", List.of("user:carol@example.com", "user:dave@example.com", "user:olga@example.com", "user:alice@example.com")));

    private static ApprovalRequest request(boolean reasonOnApprove) {
        IntentSummary intent = IntentSummary.newBuilder().setIntentId("i-1").setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setEnvironment("prod").build();
        return ApprovalRequest.newBuilder().setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h").setIntent(intent)
                .setClassification(List.of()).setMatchedRules(List.of()).setEligibleGroups(List.of("data-stewards")).setQuorum(2)
                .setRequireReasonOnApprove(reasonOnApprove).setPolicyVersion("v").setCreatedAt(Instant.EPOCH).setExpiresAt(Instant.EPOCH).build();
    }

    private static ApprovalRules.Refusal refusal(String who, DecisionKind kind, String reason, List<String> decided, boolean reasonOnApprove) {
        return ApprovalRules.check(request(reasonOnApprove), decided, Identity.of(who), kind, reason, DIRECTORY, null, "slack")
                .map(ApprovalRules.Refused::refusal).orElse(null);
    }

    @Test
    void eligibleStewardsMayDecideOnce() {
        assertThat(refusal("user:carol@example.com", DecisionKind.APPROVE, null, List.of(), false)).isNull();
        assertThat(refusal("user:carol@example.com", DecisionKind.APPROVE, null, List.of("user:carol@example.com"), false))
                .isEqualTo(ApprovalRules.Refusal.ALREADY_DECIDED_BY_APPROVER);
    }

    @Test
    void theChainMayNeverDecideEvenWhenInTheGroup() {
        assertThat(refusal("user:alice@example.com", DecisionKind.APPROVE, "ok", List.of(), false)).isEqualTo(ApprovalRules.Refusal.IN_DELEGATION_CHAIN);
        assertThat(refusal("User:Olga@Example.com", DecisionKind.DENY, "no", List.of(), false)).isEqualTo(ApprovalRules.Refusal.IN_DELEGATION_CHAIN);
        assertThat(refusal("agent:exporter", DecisionKind.APPROVE, "ok", List.of(), false)).isEqualTo(ApprovalRules.Refusal.IN_DELEGATION_CHAIN);
    }

    @Test
    void outsidersAndReasonlessApprovalsAreRefused() {
        assertThat(refusal("user:mallory@example.com", DecisionKind.APPROVE, "ok", List.of(), false)).isEqualTo(ApprovalRules.Refusal.NOT_ELIGIBLE);
        assertThat(refusal("user:dave@example.com", DecisionKind.APPROVE, " ", List.of(), true)).isEqualTo(ApprovalRules.Refusal.REASON_REQUIRED);
        assertThat(refusal("user:dave@example.com", DecisionKind.DENY, null, List.of(), true)).isNull();
    }

    @Test
    void aGroupTheProviderConfirmsCountsOnlyWithItsGroupsSignedInByTheApprovalApi() {
        Directory confirmed = GroupDirectory.of(Map.of("data-stewards", List.of("user:carol@example.com")), Map.of(),
                Map.of("data-stewards", "idp-stewards"));
        ApproverAuthentication token = ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_ACCESS_TOKEN)
                .setGroups(List.of("idp-stewards")).build();
        Identity carol = Identity.of("user:carol@example.com");

        assertThat(ApprovalRules.check(request(false), List.of(), carol, DecisionKind.APPROVE, null, confirmed, token, "api")).isEmpty();
        assertThat(ApprovalRules.check(request(false), List.of(), carol, DecisionKind.APPROVE, null, confirmed,
                ApproverAuthentication.newBuilder(token).setGroups(List.of()).build(), "api"))
                .as("removed from the group at the provider").map(ApprovalRules.Refused::refusal).contains(ApprovalRules.Refusal.NOT_ELIGIBLE);
        assertThat(ApprovalRules.check(request(false), List.of(), carol, DecisionKind.APPROVE, null, confirmed, token, "slack"))
                .as("a chat bot cannot attest the provider's groups").map(ApprovalRules.Refused::refusal).contains(ApprovalRules.Refusal.NOT_ELIGIBLE);
        assertThat(ApprovalRules.check(request(false), List.of(), Identity.of("user:erin@example.com"), DecisionKind.APPROVE, null,
                confirmed, token, "api")).as("not on the list").map(ApprovalRules.Refused::refusal).contains(ApprovalRules.Refusal.NOT_ELIGIBLE);
        assertThat(ApprovalRules.mayDecide(request(false), List.of(), carol, confirmed, token, "api")).isTrue();
        assertThat(ApprovalRules.mayDecide(request(false), List.of(), carol, confirmed)).isFalse();
    }

    @Test
    void thoseStillEligibleAreTheGroupsMembersOutsideTheChainWhoHaveNotDecided() {
        ApprovalCard card = ApprovalCards.open(request(false), List.of(io.countersign.schema.ApprovalDecision.newBuilder()
                .setDecisionId("d1").setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h").setApprover("user:carol@example.com")
                .setDecision(DecisionKind.APPROVE).setChannel("teams").setDecidedAt(Instant.EPOCH).build()), Instant.EPOCH);
        // alice is the principal, olga owns the agent, carol has decided: dave is left.
        assertThat(ApprovalRules.stillEligible(card, DIRECTORY)).containsExactly(Identity.of("user:dave@example.com"));
    }
}
