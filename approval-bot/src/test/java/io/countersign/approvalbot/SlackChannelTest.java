package io.countersign.approvalbot;

import io.countersign.approvalbot.adapter.out.Destinations;
import io.countersign.approvalbot.adapter.out.SlackChannel;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.application.ApprovalDispatcher;
import io.countersign.approvals.domain.Directory;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack on the approvals core ({@link SlackChannel} driven by the core's {@link ApprovalDispatcher}) against a
 * loopback Slack fake: a message Slack refuses for good is not sent again on every pass (the fake counts), the
 * channel gets a short message pointing to the dashboards instead, a destination Slack refuses everything in
 * is left while the others get their messages, a request with a huge reason is cut until Slack accepts it,
 * transient failures wait for their backoff, the verdict goes in each message's thread and the principal
 * hears the outcome once, and the state file of the bot before it ran on the core is still honoured.
 */
class SlackChannelTest {

    private static final Directory STEWARDS = Directory.of(Map.of("data-stewards", List.of("user:carol@example.com", "user:dave@example.com")));

    @TempDir
    Path dir;
    private FakeSlack slack;
    private PendingApprovals approvals;
    /** The dispatcher's time, moved by hand to step through its backoff. */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack(Map.of("U_CAROL", "carol@example.com", "U_DAVE", "dave@example.com", "U_ALICE", "alice@example.com"));
        approvals = new PendingApprovals();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private ApprovalDispatcher dispatcher(boolean directMessages) {
        SlackClient client = new SlackClient("xoxb-test", slack.url());
        SlackChannel channel = new SlackChannel(client, new Destinations(directMessages, "#countersign-approvals", Map.of(), STEWARDS, client),
                new RequestMessage("http://dash.example:8090"));
        return new ApprovalDispatcher(channel, approvals, new JsonPostedMessages(dir.resolve("slack-messages.json")), now::get, true,
                Duration.ofMinutes(5));
    }

    private static void passes(ApprovalDispatcher dispatcher, int n) {
        for (int i = 0; i < n; i++) {
            dispatcher.run();
        }
    }

    @Test
    void aMessageSlackRefusesIsNotRetriedForeverAndAFallbackPointsToTheDashboards() {
        slack.refuse(c -> c.params().getOrDefault("blocks", "").contains("Parameters"), "msg_too_long");
        approvals.requested(RequestMessageTest.request());
        passes(dispatcher(false), 5);
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
        passes(dispatcher(false), 5);
        // The full message, then the fallback: both refused, and then nothing more until the bot restarts.
        assertThat(slack.refused("chat.postMessage")).hasSize(2);
    }

    @Test
    void aTenThousandCharacterReasonIsCutAndAcceptedAtTheFirstTry() {
        ApprovalRequest r = RequestMessageTest.request();
        r.getIntent().setReason("R".repeat(10_000));
        approvals.requested(r);
        passes(dispatcher(false), 3);
        assertThat(slack.refused("chat.postMessage")).isEmpty();
        assertThat(slack.calls("chat.postMessage")).singleElement()
                .satisfies(c -> assertThat(c.params().get("blocks")).contains("…", "http://dash.example:8090/#/intents/i-1"));
    }

    @Test
    void afterATransientFailureTheNextTryWaitsForItsBackoff() {
        ApprovalDispatcher dispatcher = dispatcher(false);
        slack.failNext(4, 503);
        approvals.requested(RequestMessageTest.request());
        passes(dispatcher, 1);
        // The failures are used up: a try now would succeed, but the backoff has not passed.
        passes(dispatcher, 3);
        assertThat(slack.calls("chat.postMessage")).isEmpty();
        now.set(now.get().plus(Duration.ofSeconds(1)));
        passes(dispatcher, 1);
        assertThat(slack.calls("chat.postMessage")).hasSize(1);
    }

    @Test
    void aDirectMessageSlackRefusesIsLeftWhileTheOtherApproverGetsUpdatesTheVerdictAndThePrincipalTheOutcome() {
        slack.refuse(c -> c.method().equals("chat.postMessage") && "U_CAROL".equals(c.params().get("channel")), "channel_not_found");
        ApprovalDispatcher dispatcher = dispatcher(true);
        approvals.requested(RequestMessageTest.request());
        passes(dispatcher, 3);
        assertThat(slack.refused("chat.postMessage")).as("full message and fallback, once").hasSize(2);
        assertThat(slack.calls("chat.postMessage")).singleElement().satisfies(c -> assertThat(c.params().get("channel")).isEqualTo("U_DAVE"));
        String ts = slack.calls("chat.postMessage").get(0).params().get("returned_ts");

        approvals.decision(ApprovalDecision.newBuilder().setDecisionId("d1").setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h")
                .setApprover("user:dave@example.com").setDecision(DecisionKind.APPROVE).setDecidedAt(now.get()).build());
        passes(dispatcher, 2);
        assertThat(slack.calls("chat.update")).singleElement().satisfies(c -> assertThat(c.params().get("blocks")).contains("1 of 2"));

        approvals.verdict(Verdict.newBuilder().setIntentId("i-1").setRequestId("ar-i-1").setOutcome(Outcome.DENIED)
                .setDecidedBy(DecidedBy.EXPIRED).setPolicyVersion("v").setIntentHash("h").setReceivedAt(now.get()).setDecidedAt(now.get()).build());
        passes(dispatcher, 3);
        assertThat(slack.calls("chat.update")).last().satisfies(c -> {
            assertThat(c.params().get("ts")).isEqualTo(ts);
            assertThat(c.params().get("blocks")).contains("Expired — denied");
        });
        assertThat(slack.calls("chat.postMessage")).extracting(c -> c.params().get("channel") + " " + c.params().getOrDefault("thread_ts", "-"))
                .containsExactly("U_DAVE -", "C1 " + ts, "U_ALICE -");
        assertThat(slack.calls("chat.postMessage").get(2).params().get("text")).contains("on your behalf", "Expired");
    }

    @Test
    void anUpgradedBotUpdatesTheMessagesItsEarlierStateFileNamesInsteadOfPostingAgain() throws Exception {
        Files.writeString(dir.resolve("slack-messages.json"),
                "{\"ar-i-1|#countersign-approvals\": {\"channel\": \"C1\", \"ts\": \"1699999999.1\", \"shownDecisions\": 0}}");
        approvals.requested(RequestMessageTest.request());
        approvals.decision(ApprovalDecision.newBuilder().setDecisionId("d1").setRequestId("ar-i-1").setIntentId("i-1").setIntentHash("h")
                .setApprover("user:dave@example.com").setDecision(DecisionKind.APPROVE).setDecidedAt(now.get()).build());
        passes(dispatcher(false), 3);
        assertThat(slack.calls("chat.postMessage")).isEmpty();
        assertThat(slack.calls("chat.update")).singleElement().satisfies(c -> assertThat(c.params().get("ts")).isEqualTo("1699999999.1"));
    }
}
