package io.countersign.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest extends ClientOnFakeGateway {

    @Test
    void retries503HonouringRetryAfterCappedAtMaxBackoffWithTheSameIdempotencyKey() {
        gateway.on("POST /v1/intents",
                FakeGateway.error(503, "unavailable", "Kafka is catching up", null).header("Retry-After", "5"),
                Replies.accepted("i-1"));
        long started = System.nanoTime();
        try (Countersign slowCap = Countersign.builder().baseUrl(gateway.uri()).apiKey(Replies.API_KEY)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(150)).build()) {

            assertThat(slowCap.submit(Replies.intent()).intentId()).isEqualTo("i-1");
        }

        // Retry-After (5s) was honoured but capped at maxBackoff (150ms); jitter alone would be ~1ms.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(140), Duration.ofSeconds(3));
        List<String> keys = gateway.requests().stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toList());
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0)).isNotNull().isEqualTo(keys.get(1));
    }

    @Test
    void retries429() {
        gateway.on("POST /v1/intents", FakeGateway.error(429, "rate_limited", "slow down", null),
                FakeGateway.error(429, "rate_limited", "slow down", null), Replies.accepted("i-1"));

        assertThat(cs.submit(Replies.intent()).intentId()).isEqualTo("i-1");
        assertThat(gateway.requests()).hasSize(3);
    }

    @Test
    void givesUpAfterMaxRetriesWithStatusAndRequestId() {
        gateway.on("POST /v1/intents", FakeGateway.error(503, "unavailable", "Kafka is down", null));

        assertThatThrownBy(() -> cs.submit(Replies.intent()))
                .isInstanceOfSatisfying(CountersignException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.requestId()).isEqualTo("req-503");
                    assertThat(e.errorCode()).isEqualTo("unavailable");
                    assertThat(e.getMessage()).contains("Kafka is down", "gave up after 4 attempts");
                });
        assertThat(gateway.requests()).hasSize(4); // 1 + maxRetries(3)
    }

    @Test
    void executionReportsAreRetriedOn503ButNotOnOtherServerErrors() {
        gateway.on("POST /v1/intents/i-1/execution", FakeGateway.error(503, "unavailable", "busy", null),
                Replies.executionAccepted("i-1"));
        cs.reportExecution("i-1", ExecutionReport.builder(ExecutionStatus.STARTED).build());
        assertThat(gateway.requests()).hasSize(2);

        gateway.on("POST /v1/intents/i-2/execution", FakeGateway.error(500, "internal", "bug", null));
        assertThatThrownBy(() -> cs.reportExecution("i-2", ExecutionReport.builder(ExecutionStatus.STARTED).build()))
                .isInstanceOfSatisfying(CountersignException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
        assertThat(gateway.requests("POST", "/v1/intents/i-2/execution")).hasSize(1);
    }

    @Test
    void connectionFailuresAreRetriedForSubmitThenReported() throws IOException {
        URI dead;
        try (FakeGateway closed = new FakeGateway()) {
            dead = closed.uri();
        }
        try (Countersign offline = Replies.client(dead)) {
            assertThatThrownBy(() -> offline.submit(Replies.intent()))
                    .isInstanceOfSatisfying(CountersignException.class, e -> {
                        assertThat(e.httpStatus()).isZero();
                        assertThat(e.getMessage()).contains("POST /v1/intents", dead.toString(), "failed after 4 attempt(s)", "is the gateway running");
                        assertThat(e).hasCauseInstanceOf(ConnectException.class);
                    });
        }
    }

    @Test
    void backoffUsesFullJitterWithinTheExponentialCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delay(0, null)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(policy.delay(2, null)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(policy.delay(40, null)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        }
        assertThat(policy.delay(0, Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.delay(0, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
        assertThat(RetryPolicy.parseRetryAfter(" 7 ")).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    }
}
