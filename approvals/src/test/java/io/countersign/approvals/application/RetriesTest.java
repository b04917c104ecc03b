package io.countersign.approvals.application;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's per-destination retries (what {@code SlackRetriesTest} held the Slack bot's own retries to). */
class RetriesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final Retries retries = new Retries(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void retryableFailuresBackOffExponentiallyUpToTheMaximumPerDestination() {
        assertThat(retries.due("r", "#c", T0)).isTrue();
        assertThat(retries.failed("r", "#c", T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.due("r", "#c", T0.plusMillis(999))).isFalse();
        assertThat(retries.due("r", "#c", T0.plusSeconds(1))).isTrue();
        assertThat(retries.due("r", "U_DAVE", T0)).as("another destination of the same request").isTrue();
        assertThat(retries.due("r", null, T0)).as("the request as a whole").isTrue();
        assertThat(retries.failed("r", "#c", T0)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 40; i++) {
            retries.failed("r", "#c", T0);
        }
        assertThat(retries.failed("r", "#c", T0)).isEqualTo(Duration.ofMinutes(5));
        retries.succeeded("r", "#c");
        assertThat(retries.due("r", "#c", T0)).isTrue();
        assertThat(retries.failed("r", "#c", T0)).as("after a success the backoff starts over").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRefusalForGoodIsNeverRetriedWhileTheRequestLivesButItsOutcomeMayBeTried() {
        retries.abandon("r", "#c");
        assertThat(retries.due("r", "#c", T0.plus(Duration.ofDays(1)))).isFalse();
        assertThat(retries.waited("r", "#c", T0)).isTrue();
        retries.retainRequests(Set.of("r"));
        assertThat(retries.due("r", "#c", T0)).isFalse();
    }

    @Test
    void whatIsKnownOfClosedRequestsIsDropped() {
        retries.abandon("closed|1", "#c");
        retries.failed("closed|1", null, T0);
        retries.abandon("open|1", "#c");
        retries.retainRequests(Set.of("open|1"));
        assertThat(retries.due("closed|1", "#c", T0)).isTrue();
        assertThat(retries.due("closed|1", null, T0)).isTrue();
        assertThat(retries.due("open|1", "#c", T0)).isFalse();
    }

    @Test
    void aWaitForNobodyToPostToDoesNotGrowTheBackoff() {
        retries.waitFor("r", null, Duration.ofSeconds(60), T0);
        assertThat(retries.due("r", null, T0.plusSeconds(59))).isFalse();
        assertThat(retries.failed("r", null, T0.plusSeconds(60))).isEqualTo(Duration.ofSeconds(1));
    }
}
