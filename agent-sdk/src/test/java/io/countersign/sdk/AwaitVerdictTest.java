package io.countersign.sdk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitVerdictTest extends ClientOnFakeGateway {

    @Test
    void longPollsUntilTheVerdictArrives() {
        gateway.on("POST /v1/intents", Replies.accepted("i-1"))
                .on("GET /v1/intents/i-1", Replies.pending("i-1", "PENDING"), Replies.pending("i-1", "PENDING"),
                        Replies.allowed("i-1"));

        Verdict verdict = cs.submit(Replies.intent()).awaitVerdict(Duration.ofSeconds(20));

        assertThat(gateway.requests("GET", "/v1/intents/i-1")).hasSize(3)
                .allSatisfy(r -> assertThat(r.query).matches("wait=(1[0-9]|20)s"));
        assertThat(verdict.isAllowed()).isTrue();
        assertThat(verdict.decidedBy()).isEqualTo(Verdict.DecidedBy.APPROVERS);
        assertThat(verdict.intentHash()).isEqualTo(Replies.HASH);
        assertThat(verdict.policyVersion()).isEqualTo("v7");
        assertThat(verdict.latencyMs()).isEqualTo(12L);
        assertThat(verdict.decidedAt()).isEqualTo(Instant.parse("2026-11-23T06:00:01Z"));
        assertThat(verdict.decisions()).singleElement().satisfies(d -> {
            assertThat(d.approver()).isEqualTo("user:carol@example.com");
            assertThat(d.decision()).isEqualTo(ApproverDecision.Decision.APPROVE);
            assertThat(d.reason()).isEqualTo("partner contract ok");
            assertThat(d.decidedAt()).isEqualTo(Instant.parse("2026-11-23T06:00:00Z"));
        });
        assertThat(verdict.matchedRules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("pii-external-review");
            assertThat(r.effect()).isEqualTo(MatchedRule.Effect.REVIEW);
        });
    }

    @Test
    void aPendingReviewSaysWhatItWaitsForAndAnOlderGatewaysAnswerHasNoReview() {
        gateway.on("GET /v1/intents/i-9", FakeGateway.json(200, "{\"intentId\": \"i-9\", \"status\": \"PENDING_REVIEW\", \"verdict\": null,"
                        + " \"review\": {\"requestId\": \"ar-9\", \"quorum\": 2, \"approvals\": 1, \"eligibleGroups\": [\"data-stewards\"],"
                        + " \"expiresAt\": \"2026-11-23T06:30:00Z\", \"stepUp\": true, \"somethingNewer\": 1}}"),
                Replies.pending("i-9", "PENDING_REVIEW"));

        Review review = cs.handle("i-9").review().orElseThrow();

        assertThat(review.requestId()).isEqualTo("ar-9");
        assertThat(review.quorum()).isEqualTo(2);
        assertThat(review.approvals()).isEqualTo(1);
        assertThat(review.approvedBy()).as("not named to an agent").isEmpty();
        assertThat(review.eligibleGroups()).containsExactly("data-stewards");
        assertThat(review.expiresAt()).isEqualTo(Instant.parse("2026-11-23T06:30:00Z"));
        assertThat(review.stepUp()).isTrue();
        assertThat(cs.handle("i-9").review()).as("no review member: an older gateway").isEmpty();
        assertThat(gateway.requests("GET", "/v1/intents/i-9")).allSatisfy(r -> assertThat(r.query).isNull());
    }

    @Test
    void longPollWaitIsCappedAtThirtySeconds() {
        gateway.on("GET /v1/intents/i-2", Replies.allowed("i-2"));

        cs.handle("i-2").awaitVerdict(Duration.ofMinutes(15));

        assertThat(gateway.requests().get(0).query).isEqualTo("wait=30s");
    }

    @Test
    void aSubSecondWaitIsLongPolledInMillisecondsNotPolled() {
        gateway.on("GET /v1/intents/i-4", Replies.allowed("i-4"));

        cs.handle("i-4").awaitVerdict(Duration.ofMillis(900));
        cs.handle("i-4").awaitVerdict(Duration.ofSeconds(1));

        assertThat(gateway.requests("GET", "/v1/intents/i-4")).extracting(r -> r.query)
                .allSatisfy(q -> assertThat(q).matches("wait=[1-9][0-9]{0,2}ms"));
    }

    @Test
    void timesOutWithVerdictTimeoutException() {
        gateway.on("GET /v1/intents/i-3", Replies.pending("i-3", "PENDING_REVIEW"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> cs.handle("i-3").awaitVerdict(Duration.ofMillis(300)))
                .isInstanceOfSatisfying(VerdictTimeoutException.class, e -> {
                    assertThat(e.intentId()).isEqualTo("i-3");
                    assertThat(e.lastStatus()).isEqualTo(Status.PENDING_REVIEW);
                    assertThat(e.getMessage()).contains("i-3", "PENDING_REVIEW");
                });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    }

    @Test
    void expiredWithoutVerdictBodyIsADenialByExpiry() {
        gateway.on("GET /v1/intents/i-4", Replies.pending("i-4", "EXPIRED"));

        Verdict verdict = cs.handle("i-4").awaitVerdict(Duration.ofSeconds(5));

        assertThat(verdict.isAllowed()).isFalse();
        assertThat(verdict.decidedBy()).isEqualTo(Verdict.DecidedBy.EXPIRED);
    }

    @Test
    void unknownOutcomeFailsClosed() {
        gateway.on("GET /v1/intents/i-5", FakeGateway.json(200, "{\"status\": \"ALLOWED\","
                + " \"verdict\": {\"outcome\": \"MAYBE\", \"decidedBy\": \"ORACLE\"}}"));

        Verdict verdict = cs.handle("i-5").awaitVerdict(Duration.ofSeconds(5));

        assertThat(verdict.isAllowed()).isFalse();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
    }

    @Test
    void unknownIntentIs404() {
        assertThatThrownBy(() -> cs.handle("nope").awaitVerdict(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CountersignException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
        assertThat(gateway.requests()).hasSize(1);
    }
}
