package io.countersign.approvalbot;

import io.countersign.approvalbot.adapter.out.Destinations;
import io.countersign.approvalbot.adapter.out.MessageRefs;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.schema.ApprovalRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler against a loopback Slack fake: a message Slack refuses for good is not sent again on
 * every pass (the fake counts), the channel gets a short message pointing to the dashboards instead, and
 * a request with a huge reason is cut until Slack accepts it.
 */
class ReconcilerTest {

    @TempDir
    Path dir;
    private FakeSlack slack;
    private PendingApprovals approvals;
    private Reconciler reconciler;
    /** The reconciler's time, moved by hand to step through its backoff. */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack(Map.of());
        approvals = new PendingApprovals();
        SlackClient client = new SlackClient("xoxb-test", slack.url());
        reconciler = new Reconciler(approvals, new MessageRefs(dir.resolve("refs.json")), client,
                new Destinations(false, "#countersign-approvals", Map.of(), null, client), new RequestMessage("http://dash.example:8090"), now::get, false);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private void passes(int n) {
        for (int i = 0; i < n; i++) {
            reconciler.run();
        }
    }

    @Test
    void aMessageSlackRefusesIsNotRetriedForeverAndAFallbackPointsToTheDashboards() {
        slack.refuse(c -> c.params().getOrDefault("blocks", "").contains("Parameters"), "msg_too_long");
        approvals.requested(RequestMessageTest.request());
        passes(5);
        assertThat(slack.refused("chat.postMessage")).hasSize(1);
        assertThat(slack.calls("chat.postMessage")).singleElement().satisfies(c -> {
            assertThat(c.params().get("channel")).isEqualTo("#countersign-approvals");
            assertThat(c.params().get("blocks")).contains("could not be shown", "http://dash.example:8090/#/intents/i-1");
        });
    }

    @Test
    void aChannelSlackRefusesEverythingInIsTriedOnce() {
        slack.refuse(c -> c.method().equals("chat.postMessage"), "channel_not_found");
        approvals.requested(RequestMessageTest.request());
        passes(5);
        // The full message, then the fallback: both refused, and then nothing more until the bot restarts.
        assertThat(slack.refused("chat.postMessage")).hasSize(2);
    }

    @Test
    void aTenThousandCharacterReasonIsCutAndAcceptedAtTheFirstTry() {
        ApprovalRequest r = RequestMessageTest.request();
        r.getIntent().setReason("R".repeat(10_000));
        approvals.requested(r);
        passes(3);
        assertThat(slack.refused("chat.postMessage")).isEmpty();
        assertThat(slack.calls("chat.postMessage")).singleElement()
                .satisfies(c -> assertThat(c.params().get("blocks")).contains("…", "http://dash.example:8090/#/intents/i-1"));
    }

    @Test
    void afterATransientFailureTheNextTryWaitsForItsBackoff() {
        slack.failNext(4, 503);
        approvals.requested(RequestMessageTest.request());
        passes(1);
        // The failures are used up: a try now would succeed, but the backoff has not passed.
        passes(3);
        assertThat(slack.calls("chat.postMessage")).isEmpty();
        now.set(now.get().plus(SlackRetries.FIRST));
        passes(1);
        assertThat(slack.calls("chat.postMessage")).hasSize(1);
    }
}
