package io.countersign.approvalbot;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SlackRetriesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void transientFailuresBackOffExponentiallyUpToFiveMinutes() {
        SlackRetries retries = new SlackRetries();
        assertThat(retries.due("r|#c", T0)).isTrue();
        assertThat(retries.failed("r|#c", T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.due("r|#c", T0.plusMillis(999))).isFalse();
        assertThat(retries.due("r|#c", T0.plusSeconds(1))).isTrue();
        assertThat(retries.failed("r|#c", T0)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 40; i++) {
            retries.failed("r|#c", T0);
        }
        assertThat(retries.failed("r|#c", T0)).isEqualTo(SlackRetries.MAX);
        retries.succeeded("r|#c");
        assertThat(retries.due("r|#c", T0)).isTrue();
        assertThat(retries.due("other|#c", T0)).isTrue();
    }

    @Test
    void aPermanentRefusalIsNeverRetriedUntilForgotten() {
        SlackRetries retries = new SlackRetries();
        retries.abandon("r|#c", "channel_not_found");
        assertThat(retries.due("r|#c", T0.plus(Duration.ofDays(1)))).isFalse();
        retries.forget("r|#c");
        assertThat(retries.due("r|#c", T0)).isTrue();
    }

    @Test
    void whatIsKnownOfClosedRequestsIsDropped() {
        SlackRetries retries = new SlackRetries();
        retries.abandon("closed|#c", "channel_not_found");
        retries.abandon("open|#c", "channel_not_found");
        retries.failed("closed", T0);
        retries.retainOpen(java.util.Set.of("open"));
        assertThat(retries.due("closed|#c", T0)).isTrue();
        assertThat(retries.due("closed", T0)).isTrue();
        assertThat(retries.due("open|#c", T0)).isFalse();
    }

    @Test
    void aMessageOfAnOpenRequestWhoseIdHoldsABarIsKept() {
        SlackRetries retries = new SlackRetries();
        retries.abandon(new MessageKey("ar-order|42", "#c").format(), "channel_not_found");
        retries.abandon("ar-order|42", "channel_not_found");
        retries.abandon(new MessageKey("ar-order|43", "#c").format(), "channel_not_found");
        retries.retainOpen(java.util.Set.of("ar-order|42"));
        assertThat(retries.due("ar-order|42|#c", T0)).isFalse();
        assertThat(retries.due("ar-order|42", T0)).isFalse();
        assertThat(retries.due("ar-order|43|#c", T0)).isTrue();
        assertThat(MessageKey.parse("ar-order|42|#c")).contains(new MessageKey("ar-order|42", "#c"));
        assertThat(MessageKey.parse("ar-order")).isEmpty();
    }
}
