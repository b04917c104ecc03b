package io.countersign.processors.domain.approval;

import io.countersign.approvals.domain.Directory;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.processors.domain.approval.DecisionStep.Accepted;
import io.countersign.processors.domain.approval.DecisionStep.Reason;
import io.countersign.processors.domain.approval.DecisionStep.Rejected;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Outcome;
import io.countersign.schema.PendingApproval;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.countersign.processors.domain.approval.ApprovalRequestBuilder.aRequest;
import static io.countersign.processors.domain.approval.ApprovalRequestBuilder.decision;
import static io.countersign.processors.domain.approval.ApprovalRequestBuilder.unsignedDecision;
import static io.countersign.schema.DecisionKind.APPROVE;
import static io.countersign.schema.DecisionKind.DENY;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalStateMachineTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-22T12:00:00Z");
    private final Directory directory = Directory.of(Map.of(
            "data-stewards", List.of("user:carol@example.com", "user:dave@example.com", "user:alice@example.com",
                    "user:olga@example.com", "agent:planner"),
            "security-oncall", List.of("user:sam@example.com")));
    private final ApprovalStateMachine machine = new ApprovalStateMachine(directory, ApprovalRequestBuilder.CHANNEL_KEYS,
            Clock.fixed(Instant.parse("2026-11-22T12:05:01Z"), ZoneOffset.UTC));

    private PendingApproval open(ApprovalRequestBuilder b) {
        return ApprovalStateMachine.open(b.build(), RECEIVED);
    }

    private Rejected rejected(PendingApproval state, ApprovalDecision d) {
        DecisionStep step = machine.apply(state, d);
        assertThat(step).isInstanceOf(Rejected.class);
        return (Rejected) step;
    }

    @Test
    void singleEligibleApprovalAllows() {
        DecisionStep step = machine.apply(open(aRequest()), decision("user:carol@example.com", APPROVE, "ok"));
        Accepted accepted = (Accepted) step;
        assertThat(accepted.verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(accepted.verdict().getDecidedBy()).isEqualTo(DecidedBy.APPROVERS);
        assertThat(accepted.verdict().getDecisions()).singleElement().satisfies(d -> {
            assertThat(d.getApprover()).isEqualTo("user:carol@example.com");
            assertThat(d.getReason()).isEqualTo("ok");
        });
        assertThat(accepted.verdict().getLatencyMs()).isEqualTo(301_000);
        assertThat(accepted.verdict().getIntentHash()).isEqualTo(ApprovalRequestBuilder.HASH);
        assertThat(accepted.next().getOutcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void quorumOfTwoNeedsTwoDistinctPeople() {
        PendingApproval state = open(aRequest().quorum(2));
        Accepted first = (Accepted) machine.apply(state, decision("user:carol@example.com", APPROVE, null));
        assertThat(first.verdict()).isNull();

        // The same person again, with a new decision id and different letter case: refused, no verdict.
        Rejected again = rejected(first.next(), decision("user:CAROL@example.com", APPROVE, null));
        assertThat(again.reason()).isEqualTo(Reason.ALREADY_DECIDED_BY_APPROVER);

        Accepted second = (Accepted) machine.apply(again.next(), decision("user:dave@example.com", APPROVE, null));
        assertThat(second.verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(second.verdict().getDecisions()).extracting(d -> d.getApprover())
                .containsExactly("user:carol@example.com", "user:dave@example.com");
    }

    @Test
    void oneEligibleDenyDenies() {
        PendingApproval state = open(aRequest().quorum(2));
        Accepted first = (Accepted) machine.apply(state, decision("user:carol@example.com", APPROVE, null));
        Accepted deny = (Accepted) machine.apply(first.next(), decision("user:dave@example.com", DENY, "too broad"));
        assertThat(deny.verdict().getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(deny.verdict().getMessage()).contains("user:dave@example.com");
    }

    @Test
    void principalCannotApproveEvenWhenInTheGroup() {
        assertThat(rejected(open(aRequest()), decision("user:alice@example.com", APPROVE, null)).reason())
                .isEqualTo(Reason.IN_DELEGATION_CHAIN);
    }

    @Test
    void agentOwnerCannotApprove() {
        assertThat(rejected(open(aRequest()), decision("user:olga@example.com", APPROVE, null)).reason())
                .isEqualTo(Reason.IN_DELEGATION_CHAIN);
    }

    @Test
    void parentAgentCannotApprove() {
        assertThat(rejected(open(aRequest()), decision("agent:planner", APPROVE, null)).reason())
                .isEqualTo(Reason.IN_DELEGATION_CHAIN);
    }

    @Test
    void delegationChainMemberCannotDenyEither() {
        assertThat(rejected(open(aRequest()), decision("user:alice@example.com", DENY, "no")).reason())
                .isEqualTo(Reason.IN_DELEGATION_CHAIN);
    }

    @Test
    void ineligibleApproverIsRefused() {
        Rejected r = rejected(open(aRequest()), decision("user:sam@example.com", APPROVE, null));
        assertThat(r.reason()).isEqualTo(Reason.NOT_ELIGIBLE);
        assertThat(r.detail()).contains("data-stewards");
        // ... and an ineligible deny does not deny.
        assertThat(rejected(r.next(), decision("user:sam@example.com", DENY, "no")).reason()).isEqualTo(Reason.NOT_ELIGIBLE);
    }

    @Test
    void decisionForAnotherVersionOfTheIntentIsRefused() {
        ApprovalDecision d = unsignedDecision("user:carol@example.com", APPROVE, null);
        d.setIntentHash("b".repeat(64));
        assertThat(rejected(open(aRequest()), ApprovalRequestBuilder.SLACK.sign(d)).reason()).isEqualTo(Reason.INTENT_HASH_MISMATCH);
    }

    @Test
    void lateDecisionAfterTheVerdictChangesNothing() {
        Accepted done = (Accepted) machine.apply(open(aRequest()), decision("user:carol@example.com", APPROVE, null));
        Rejected late = rejected(done.next(), decision("user:dave@example.com", DENY, "too late"));
        assertThat(late.reason()).isEqualTo(Reason.ALREADY_DECIDED_REQUEST);
        assertThat(late.next().getOutcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void duplicateDeliveryIsIdempotent() {
        ApprovalDecision d = decision("user:carol@example.com", APPROVE, null);
        PendingApproval state = open(aRequest().quorum(2));
        Accepted first = (Accepted) machine.apply(state, d);
        assertThat(machine.apply(first.next(), d)).isInstanceOf(DecisionStep.Duplicate.class);
    }

    @Test
    void reasonRequiredOnApproveWhenPolicySaysSo() {
        PendingApproval state = open(aRequest().requireReason());
        assertThat(rejected(state, decision("user:carol@example.com", APPROVE, "  ")).reason()).isEqualTo(Reason.REASON_REQUIRED);
        assertThat(machine.apply(state, decision("user:carol@example.com", APPROVE, "ticket CHG-1"))).isInstanceOf(Accepted.class);
    }

    @Test
    void unknownRequestIsRejected() {
        assertThat(rejected(null, decision("user:carol@example.com", APPROVE, null)).reason()).isEqualTo(Reason.UNKNOWN_REQUEST);
    }

    @Test
    void expiryDenies() {
        PendingApproval state = open(aRequest().quorum(2));
        Accepted first = (Accepted) machine.apply(state, decision("user:carol@example.com", APPROVE, null));
        Accepted expired = machine.expire(first.next());
        assertThat(expired.verdict().getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(expired.verdict().getDecidedBy()).isEqualTo(DecidedBy.EXPIRED);
        assertThat(expired.verdict().getMessage()).contains("1 of 2");
        assertThat(expired.next().getDecidedBy()).isEqualTo(DecidedBy.EXPIRED);
    }

    @Test
    void invalidApproverIdentityIsRejectedNotThrown() {
        assertThat(rejected(open(aRequest()), decision("not an identity", DecisionKind.APPROVE, null)).reason())
                .isEqualTo(Reason.INVALID_IDENTITY);
    }

    @Test
    void unsignedDecisionFromAnyLocalProcessDoesNotApprove() {
        PendingApproval state = open(aRequest());
        Rejected r = rejected(state, unsignedDecision("user:carol@example.com", APPROVE, "ok"));
        assertThat(r.reason()).isEqualTo(Reason.UNSIGNED);
        assertThat(r.next()).as("an unproven decision changes nothing, not even the seen ids").isNull();
    }

    @Test
    void forgedApproverUnderAValidLookingSignatureDoesNotApprove() {
        // A real, signed click by an ineligible approver, rewritten to name an eligible one.
        ApprovalDecision real = decision("user:sam@example.com", APPROVE, null);
        ApprovalDecision forged = ApprovalDecision.newBuilder(real).setApprover("user:carol@example.com").build();
        assertThat(rejected(open(aRequest()), forged).reason()).isEqualTo(Reason.BAD_SIGNATURE);
        // A signature made with the forger's own key under the Slack key's id.
        KeyPair own = Ed25519Keys.generate();
        ApprovalDecision selfSigned = new DecisionSignature.Signer(ApprovalRequestBuilder.SLACK.keyId(), own.getPrivate())
                .sign(unsignedDecision("user:carol@example.com", APPROVE, null));
        assertThat(rejected(open(aRequest()), selfSigned).reason()).isEqualTo(Reason.BAD_SIGNATURE);
        // ... or under a key id nobody configured.
        ApprovalDecision unknownKey = new DecisionSignature.Signer("slack-0000000000000000", own.getPrivate())
                .sign(unsignedDecision("user:carol@example.com", APPROVE, null));
        assertThat(rejected(open(aRequest()), unknownKey).reason()).isEqualTo(Reason.UNKNOWN_SIGNING_KEY);
    }

    @Test
    void oneChannelsKeyCannotSpeakForAnother() {
        ApprovalDecision claimsApi = unsignedDecision("user:carol@example.com", APPROVE, null);
        claimsApi.setChannel("api");
        Rejected r = rejected(open(aRequest()), ApprovalRequestBuilder.SLACK.sign(claimsApi));
        assertThat(r.reason()).isEqualTo(Reason.WRONG_CHANNEL_KEY);
        assertThat(r.detail()).contains(ApprovalRequestBuilder.SLACK.keyId());
        assertThat(machine.apply(open(aRequest()), ApprovalRequestBuilder.API.sign(claimsApi))).isInstanceOf(Accepted.class);
    }

    @Test
    void aStepUpRequestCountsAnApproveOnlyWithAStepUpTheApprovalApiAttests() {
        ApproverAuthentication stepUp = ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_STEP_UP)
                .setIssuer("https://idp.example.com").setAuthTime(RECEIVED).setAmr(List.of("pwd", "otp")).setStepUpLinkId("l-1").build();
        PendingApproval state = open(aRequest().stepUp());
        assertThat(rejected(state, decision("user:carol@example.com", APPROVE, null)).reason()).isEqualTo(Reason.STEP_UP_REQUIRED);
        ApprovalDecision slackClaims = unsignedDecision("user:carol@example.com", APPROVE, null);
        slackClaims.setAuthentication(stepUp);
        assertThat(rejected(state, ApprovalRequestBuilder.SLACK.sign(slackClaims)).reason()).as("a bot key cannot attest a step-up")
                .isEqualTo(Reason.STEP_UP_REQUIRED);

        ApprovalDecision viaApi = unsignedDecision("user:carol@example.com", APPROVE, null);
        viaApi.setChannel("api");
        viaApi.setAuthentication(stepUp);
        Accepted accepted = (Accepted) machine.apply(state, ApprovalRequestBuilder.API.sign(viaApi));
        assertThat(accepted.verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(accepted.verdict().getDecisions().get(0).getAuthentication()).isEqualTo(stepUp);
        assertThat(machine.apply(open(aRequest().stepUp()), decision("user:carol@example.com", DENY, "no"))).as("denials need none")
                .isInstanceOf(Accepted.class);
    }

    @Test
    void aForgeryDoesNotUseUpTheIdOfTheRealDecision() {
        ApprovalDecision real = decision("user:carol@example.com", APPROVE, null);
        ApprovalDecision forged = ApprovalDecision.newBuilder(real).setDecision(DENY).setReason("forged").build();
        PendingApproval state = open(aRequest());
        assertThat(rejected(state, forged).reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(((Accepted) machine.apply(state, real)).verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
    }
}
