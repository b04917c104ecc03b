package io.countersign.approvals.application;

import io.countersign.approvals.application.port.in.DecisionResult;
import io.countersign.approvals.application.port.in.DecisionResult.Code;
import io.countersign.approvals.application.port.in.SubmitDecisionCommand;
import io.countersign.approvals.application.port.out.DecisionPublisher;
import io.countersign.approvals.application.port.out.PendingRequests;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.approvals.domain.GroupDirectory;
import io.countersign.approvals.domain.StepUpLinks;
import io.countersign.approvals.domain.StepUpPage;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit-a-decision use case against in-memory implementations of its ports (read model, Kafka). */
class SubmitDecisionServiceTest {

    private static final Directory DIRECTORY = Directory.of(Map.of(
            "data-stewards", List.of("user:carol@example.com", "user:dave@example.com", "user:olga@example.com", "user:alice@example.com")));
    private static final KeyPair SLACK_KEY = Ed25519Keys.generate();
    private static final Identity CAROL = Identity.of("user:carol@example.com");

    /** The read model as the port sees it, in memory. */
    private static final class InMemoryPending implements PendingRequests {
        final Map<String, ApprovalRequest> open = new HashMap<>();
        final Map<String, Set<String>> decided = new HashMap<>();
        final Set<String> closed = new HashSet<>();

        @Override
        public Optional<Pending> get(String requestId) {
            return Optional.ofNullable(open.get(requestId))
                    .map(r -> new Pending(r, Set.copyOf(decided.getOrDefault(requestId, Set.of()))));
        }

        @Override
        public boolean wasClosed(String requestId) {
            return closed.contains(requestId);
        }

        @Override
        public void decision(ApprovalDecision decision) {
            decided.computeIfAbsent(decision.getRequestId(), k -> new LinkedHashSet<>()).add(decision.getApprover());
        }
    }

    /** Kafka as the port sees it: keeps what was written, or is down. */
    private static final class InMemoryPublisher implements DecisionPublisher {
        final List<ApprovalDecision> written = new ArrayList<>();
        boolean down;

        @Override
        public void publish(ApprovalDecision decision) throws UnavailableException {
            if (down) {
                throw new UnavailableException("Kafka did not acknowledge the decision within 10000 ms (TimeoutException)");
            }
            written.add(decision);
        }
    }

    private final InMemoryPending pending = new InMemoryPending();
    private final InMemoryPublisher kafka = new InMemoryPublisher();
    private final SubmitDecisionService service = new SubmitDecisionService(pending, DIRECTORY, kafka,
            Map.of("slack", new DecisionSignature.Signer("slack-key-1", SLACK_KEY.getPrivate())),
            Clock.fixed(ApprovalRequests.CREATED.plusSeconds(60), ZoneOffset.UTC));

    SubmitDecisionServiceTest() {
        pending.open.put("ar-1", ApprovalRequests.request("ar-1", false).build());
        pending.open.put("ar-reason", ApprovalRequests.request("ar-reason", true).build());
    }

    private DecisionResult submit(String requestId, String who, DecisionKind kind, String reason) {
        return service.submit(new SubmitDecisionCommand(requestId, Identity.of(who), kind, reason, "slack", "U123",
                AuthenticationMethod.SLACK_SIGNED_REQUEST));
    }

    private static Code code(DecisionResult result) {
        return result instanceof DecisionResult.Refused r ? r.code() : null;
    }

    @Test
    void anEligibleDecisionIsSignedWithTheChannelsKeyWrittenAndCounted() {
        DecisionResult result = submit("ar-1", "user:carol@example.com", DecisionKind.APPROVE, "  contract checked ");

        assertThat(result).isInstanceOf(DecisionResult.Accepted.class);
        ApprovalDecision written = kafka.written.get(0);
        assertThat(((DecisionResult.Accepted) result).decision()).isEqualTo(written);
        assertThat(written.getRequestId()).isEqualTo("ar-1");
        assertThat(written.getIntentId()).isEqualTo("i-ar-1");
        assertThat(written.getIntentHash()).isEqualTo("h-ar-1");
        assertThat(written.getApprover()).isEqualTo("user:carol@example.com");
        assertThat(written.getReason()).isEqualTo("contract checked");
        assertThat(written.getChannel()).isEqualTo("slack");
        assertThat(written.getChannelUserId()).isEqualTo("U123");
        assertThat(written.getDecidedAt()).isEqualTo(ApprovalRequests.CREATED.plusSeconds(60));
        assertThat(written.getSigningKeyId()).isEqualTo("slack-key-1");
        assertThat(DecisionSignature.verify(written, SLACK_KEY.getPublic())).isTrue();
        // Counted at once: a second click a moment later is refused before the pipeline echoes the first.
        assertThat(code(submit("ar-1", "user:carol@example.com", DecisionKind.APPROVE, null))).isEqualTo(Code.ALREADY_DECIDED_BY_APPROVER);
        assertThat(kafka.written).hasSize(1);
    }

    @Test
    void theDelegationChainAndOutsidersAreRefusedAndOnlySelfApprovalAttemptsAreWrittenForTheRecord() {
        assertThat(code(submit("ar-1", "user:alice@example.com", DecisionKind.APPROVE, null))).isEqualTo(Code.IN_DELEGATION_CHAIN);
        assertThat(code(submit("ar-1", "user:olga@example.com", DecisionKind.DENY, "no"))).isEqualTo(Code.IN_DELEGATION_CHAIN);
        assertThat(code(submit("ar-1", "user:mallory@example.com", DecisionKind.APPROVE, null))).isEqualTo(Code.NOT_ELIGIBLE);
        // Signed, so the pipeline refuses them by the same rule and the audit log keeps the refusal.
        assertThat(kafka.written).extracting(ApprovalDecision::getApprover).containsExactly("user:alice@example.com", "user:olga@example.com");
        assertThat(kafka.written).allSatisfy(d -> assertThat(DecisionSignature.verify(d, SLACK_KEY.getPublic())).isTrue());
        assertThat(pending.decided).as("never counted").isEmpty();
        assertThat(submit("ar-1", "user:carol@example.com", DecisionKind.APPROVE, null)).isInstanceOf(DecisionResult.Accepted.class);
    }

    @Test
    void reasonsAreRequiredWhereTheRulesSayAndBounded() {
        assertThat(code(submit("ar-1", "user:carol@example.com", DecisionKind.DENY, " "))).isEqualTo(Code.REASON_REQUIRED);
        assertThat(code(submit("ar-reason", "user:carol@example.com", DecisionKind.APPROVE, null))).isEqualTo(Code.REASON_REQUIRED);
        assertThat(code(submit("ar-1", "user:carol@example.com", DecisionKind.DENY, "x".repeat(2_001)))).isEqualTo(Code.REASON_TOO_LONG);
        assertThat(kafka.written).isEmpty();
        assertThat(submit("ar-reason", "user:carol@example.com", DecisionKind.APPROVE, "checked")).isInstanceOf(DecisionResult.Accepted.class);
    }

    @Test
    void unknownAndClosedRequestsAreToldApart() {
        pending.closed.add("ar-old");
        assertThat(code(submit("ar-old", "user:carol@example.com", DecisionKind.APPROVE, null))).isEqualTo(Code.ALREADY_DECIDED);
        assertThat(code(submit("ar-none", "user:carol@example.com", DecisionKind.APPROVE, null))).isEqualTo(Code.NOT_FOUND);
        assertThat(kafka.written).isEmpty();
    }

    @Test
    void aChannelWithoutASigningKeyHasItsDecisionsRefused() {
        DecisionResult result = service.submit(new SubmitDecisionCommand("ar-1", CAROL, DecisionKind.APPROVE, null, "api"));
        assertThat(code(result)).isEqualTo(Code.SIGNING_NOT_CONFIGURED);
        assertThat(kafka.written).isEmpty();
    }

    private final StepUpLinks links = new StepUpLinks(new byte[32], Duration.ofMinutes(10));
    private final Clock clock = Clock.fixed(ApprovalRequests.CREATED.plusSeconds(60), ZoneOffset.UTC);

    /** The service as a chat bot runs it with a step-up page: refusals a sign-in can cure answer with a one-time link. */
    private SubmitDecisionService withLinks(Directory directory) {
        return new SubmitDecisionService(pending, directory, kafka,
                Map.of("slack", new DecisionSignature.Signer("slack-key-1", SLACK_KEY.getPrivate())), clock,
                new StepUpPage(links, "https://dash.example.com"));
    }

    @Test
    void anApproveOfAStepUpRequestGetsAOneTimeLinkForThatPersonAndADenialNeedsNone() throws Exception {
        pending.open.put("ar-mfa", ApprovalRequests.request("ar-mfa", false).setStepUp(true).build());
        SubmitDecisionService withLinks = withLinks(DIRECTORY);
        DecisionResult approve = withLinks.submit(new SubmitDecisionCommand("ar-mfa", CAROL, DecisionKind.APPROVE, null, "slack", "U1",
                AuthenticationMethod.SLACK_SIGNED_REQUEST));
        assertThat(approve).isInstanceOfSatisfying(DecisionResult.StepUpRequired.class, s -> assertThat(s.multiFactor()).isTrue());
        String url = ((DecisionResult.StepUpRequired) approve).link();
        assertThat(url).startsWith("https://dash.example.com/step-up?link=");
        StepUpLinks.Link link = links.verify(URLDecoder.decode(url.substring(url.indexOf('=') + 1), StandardCharsets.UTF_8), clock.instant());
        assertThat(link.requestId()).isEqualTo("ar-mfa");
        assertThat(link.approver()).isEqualTo(CAROL);
        assertThat(kafka.written).as("nothing recorded until the step-up").isEmpty();
        // A bot claiming the step-up itself is not believed: only the approval API attests one.
        assertThat(withLinks.submit(new SubmitDecisionCommand("ar-mfa", CAROL, DecisionKind.APPROVE, null, "slack", "U1",
                AuthenticationMethod.OIDC_STEP_UP))).isInstanceOf(DecisionResult.StepUpRequired.class);
        assertThat(kafka.written).isEmpty();
        // Without a step-up page configured there is no link to give: refused with the reason.
        assertThat(code(submit("ar-mfa", "user:carol@example.com", DecisionKind.APPROVE, null))).isEqualTo(Code.STEP_UP_REQUIRED);
        assertThat(submit("ar-mfa", "user:carol@example.com", DecisionKind.DENY, "no ticket")).isInstanceOf(DecisionResult.Accepted.class);
        assertThat(kafka.written.get(0).getAuthentication().getMethod()).isEqualTo(AuthenticationMethod.SLACK_SIGNED_REQUEST);
    }

    @Test
    void aChatApproveForAGroupTheProviderDecidesGetsASignInLinkAndAChatDenialIsRefused() throws Exception {
        Directory fromProvider = GroupDirectory.of(Map.of("other", List.of("user:zoe@example.com")), Map.of(),
                Map.of("data-stewards", "idp-stewards"));
        SubmitDecisionService withLinks = withLinks(fromProvider);

        DecisionResult approve = withLinks.submit(new SubmitDecisionCommand("ar-1", CAROL, DecisionKind.APPROVE, null, "slack", "U1",
                AuthenticationMethod.SLACK_SIGNED_REQUEST));
        assertThat(approve).isInstanceOfSatisfying(DecisionResult.StepUpRequired.class,
                s -> {
                    assertThat(s.message()).contains("the identity provider must confirm that you are in [data-stewards]");
                    assertThat(s.multiFactor()).as("a sign-in, not a step-up").isFalse();
                });
        String url = ((DecisionResult.StepUpRequired) approve).link();
        assertThat(links.verify(URLDecoder.decode(url.substring(url.indexOf('=') + 1), StandardCharsets.UTF_8), clock.instant()).approver())
                .isEqualTo(CAROL);
        DecisionResult deny = withLinks.submit(new SubmitDecisionCommand("ar-1", CAROL, DecisionKind.DENY, "no", "slack", "U1",
                AuthenticationMethod.SLACK_SIGNED_REQUEST));
        assertThat(deny).isInstanceOfSatisfying(DecisionResult.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(Code.NOT_ELIGIBLE);
            assertThat(r.message()).contains("the identity provider must confirm [data-stewards (idp-stewards)]");
        });
        assertThat(kafka.written).isEmpty();
    }

    @Test
    void anUnwrittenDecisionIsNotCountedSoThePersonMayTryAgain() {
        kafka.down = true;
        DecisionResult result = submit("ar-1", "user:carol@example.com", DecisionKind.APPROVE, null);
        assertThat(code(result)).isEqualTo(Code.UNAVAILABLE);
        assertThat(((DecisionResult.Refused) result).message()).contains("did not acknowledge");
        assertThat(pending.decided).isEmpty();

        kafka.down = false;
        assertThat(submit("ar-1", "user:carol@example.com", DecisionKind.APPROVE, null)).isInstanceOf(DecisionResult.Accepted.class);
    }
}
