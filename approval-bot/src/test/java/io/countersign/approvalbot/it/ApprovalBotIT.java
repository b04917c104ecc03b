package io.countersign.approvalbot.it;

import io.countersign.approvalbot.ApprovalBot;
import io.countersign.approvalbot.FakeSlack;
import io.countersign.approvalbot.SignedRequests;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.countersign.approvalbot.it.BotFixture.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end on the embedded stack with the decision pipeline and a loopback fake of Slack: a review
 * intent is posted, masked; signed clicks decide it; forged, tampered and stale requests are refused
 * with 401 and decide nothing; people in the delegation chain and unknown Slack users are told why;
 * the message shows the outcome once the verdict is in.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalBotIT {

    private BotFixture fixture;
    private SignedRequests slackSends;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new BotFixture(endpoints);
        ApprovalBot bot = fixture.startBot();
        slackSends = new SignedRequests(bot.url());
    }

    @Test
    void theBotAnswersLivenessReadinessAndMetricsOnItsPort() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI botUrl = fixture.bot().url();
        java.util.function.Function<String, HttpResponse<String>> get = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(botUrl.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(get.apply("/healthz/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> get.apply("/healthz/ready").statusCode() == 200);
        HttpResponse<String> metrics = get.apply("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(get.apply("/slack/events").statusCode()).as("Slack's URL still answers only POST").isEqualTo(404);
    }

    @Test
    void aSecondBotOnTheSameStateFileRefusesToStartInsteadOfPostingEverythingTwice() throws Exception {
        java.nio.file.Path state = fixture.dir.resolve("locked-" + UUID.randomUUID() + ".json");
        try (java.nio.channels.FileChannel running = java.nio.channels.FileChannel.open(java.nio.file.Path.of(state + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = running.lock()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.countersign.approvalbot.ApprovalBotService.start(fixture.kafka,
                            fixture.registry, fixture.config(false, state), null, new java.io.PrintWriter(java.io.Writer.nullWriter())))
                    .hasMessageContaining("another approval bot runs with").hasMessageContaining("run one instance");
        }
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    private FakeSlack.Call posted(String intentId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack.calls("chat.postMessage").stream()
                .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId)));
        return fixture.slack.calls("chat.postMessage").stream().filter(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId))
                .findFirst().orElseThrow();
    }

    @Test
    void aReviewIsPostedMaskedAndASignedApprovalAllowsItAndUpdatesTheMessage() throws Exception {
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submitExport(intentId);
        FakeSlack.Call message = posted(intentId);
        assertThat(message.params().get("channel")).isEqualTo("#countersign-approvals");
        assertThat(message.params().get("blocks")).contains("db.export", "agent:exporter", "user:alice@example.com", "PII", "pii-export",
                "external", "0 of 1").doesNotContain("bob@example.com");
        assertThat(message.params().get("text")).contains("Review needed");

        HttpResponse<String> click = slackSends.send(SignedRequests.blockAction("U_CAROL", "countersign-approve", "ar-" + intentId), SECRET, Instant.now());
        assertThat(click.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("Approved") && c.params().get("blocks").contains("carol@example.com")));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("chat.postMessage").stream()
                .anyMatch(c -> c.params().containsKey("thread_ts") && c.params().get("text").contains("ALLOWED")));
        await("the principal hears the outcome in a DM").atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("chat.postMessage")
                .stream().anyMatch(c -> "U_ALICE".equals(c.params().get("channel")) && c.params().get("text").contains("on your behalf")
                        && c.params().get("text").contains("Approved")));
    }

    @Test
    void aRequestGoesToItsGroupsChannelWhenTheRuleNamesNoRoute() throws Exception {
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submit(intentId, "infra.apply");
        assertThat(posted(intentId).params().get("channel")).isEqualTo("#platform-approvals");
    }

    @Test
    void aQuorumOfTwoCountsDistinctPeopleAndShowsProgress() throws Exception {
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submit(intentId, "db.copy");
        assertThat(posted(intentId).params().get("blocks")).contains("0 of 2");
        String approve = SignedRequests.blockAction("U_CAROL", "countersign-approve", "ar-" + intentId);
        slackSends.send(approve, SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId) && c.params().get("blocks").contains("1 of 2")));
        slackSends.send(approve, SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("chat.postEphemeral").stream()
                .anyMatch(c -> c.params().get("user").equals("U_CAROL") && c.params().get("text").contains("already decided")));
        slackSends.send(SignedRequests.blockAction("U_DAVE", "countersign-approve", "ar-" + intentId), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("Approved") && c.params().get("blocks").contains("carol@example.com")
                        && c.params().get("blocks").contains("dave@example.com")));
    }

    @Test
    void forgedTamperedAndStaleRequestsAre401AndDecideNothing() throws Exception {
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submitExport(intentId);
        posted(intentId);
        String payload = SignedRequests.blockAction("U_CAROL", "countersign-approve", "ar-" + intentId);
        assertThat(slackSends.send(payload, "wrong-secret", Instant.now()).statusCode()).as("wrong secret").isEqualTo(401);
        assertThat(slackSends.send(payload, SECRET, Instant.now().minusSeconds(600)).statusCode()).as("stale").isEqualTo(401);
        String body = "payload=" + java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = SignedRequests.sign(SECRET, now, body);
        assertThat(slackSends.sendRaw(body.replace("U_CAROL", "U_DAVE"), signature, now).statusCode()).as("tampered").isEqualTo(401);
        assertThat(slackSends.sendRaw(body, "v0=" + "0".repeat(64), now).statusCode()).as("forged").isEqualTo(401);
        // A genuine click afterwards decides the request; its outcome must name only that approver, so none
        // of the refused requests above became a decision.
        slackSends.send(SignedRequests.blockAction("U_DAVE", "countersign-approve", "ar-" + intentId), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack.calls("chat.postMessage").stream()
                .anyMatch(c -> c.params().containsKey("thread_ts") && c.params().get("text").contains("ALLOWED")
                        && c.params().get("thread_ts").equals(messageTs(intentId))));
        assertThat(fixture.slack.calls("chat.update").stream().filter(c -> c.params().get("ts").equals(messageTs(intentId))))
                .anyMatch(c -> c.params().get("blocks").contains("approved by `user:dave@example.com`"))
                .noneMatch(c -> c.params().get("blocks").contains("carol@example.com"));
    }

    private String messageTs(String intentId) {
        return fixture.slack.calls("chat.postMessage").stream().filter(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId))
                .findFirst().orElseThrow().params().get("returned_ts");
    }

    @Test
    void thePrincipalAndUnknownSlackUsersAreToldWhyAndADenyNeedsAReason() throws Exception {
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submitExport(intentId);
        posted(intentId);
        slackSends.send(SignedRequests.blockAction("U_ALICE", "countersign-approve", "ar-" + intentId), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("chat.postEphemeral").stream()
                .anyMatch(c -> c.params().get("user").equals("U_ALICE") && c.params().get("text").contains("delegation chain")));
        slackSends.send(SignedRequests.blockAction("U_STRANGER", "countersign-approve", "ar-" + intentId), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("chat.postEphemeral").stream()
                .anyMatch(c -> c.params().get("user").equals("U_STRANGER") && c.params().get("text").contains("directory")));

        slackSends.send(SignedRequests.blockAction("U_DAVE", "countersign-deny", "ar-" + intentId), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("views.open").stream()
                .anyMatch(c -> c.params().getOrDefault("view", "").contains("DENY|ar-" + intentId)));
        HttpResponse<String> blank = slackSends.send(SignedRequests.reasonSubmission("U_DAVE", "DENY", "ar-" + intentId, " "), SECRET, Instant.now());
        assertThat(blank.body()).contains("errors").contains("reason");
        slackSends.send(SignedRequests.reasonSubmission("U_DAVE", "DENY", "ar-" + intentId, "no contract with this partner"), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("Denied") && c.params().get("blocks").contains("no contract")));
    }

    @Test
    void aRestartedBotKeepsItsMessagesAndTakesClicksOnThemWithoutReposting() throws Exception {
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submitExport(intentId);
        posted(intentId);
        fixture.stopBot();
        slackSends = new SignedRequests(fixture.startBot().url());
        slackSends.send(SignedRequests.blockAction("U_CAROL", "countersign-approve", "ar-" + intentId), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId) || c.params().getOrDefault("blocks", "")
                        .contains("Approved") && c.params().getOrDefault("text", "").contains("db.export")));
        assertThat(fixture.slack.calls("chat.postMessage").stream().filter(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId)))
                .as("posted once, across the restart").hasSize(1);
    }

    @Test
    void theAppHomeListsWhatThePersonMayDecide() throws Exception {
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submitExport(intentId);
        posted(intentId);
        assertThat(slackSends.sendEvent(SignedRequests.homeOpened("U_DAVE"), SECRET, Instant.now()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("views.publish").stream()
                .anyMatch(c -> "U_DAVE".equals(c.params().get("user_id")) && c.params().get("view").contains("ar-" + intentId)));
        slackSends.sendEvent(SignedRequests.homeOpened("U_ALICE"), SECRET, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.slack.calls("views.publish").stream()
                .anyMatch(c -> "U_ALICE".equals(c.params().get("user_id"))));
        assertThat(fixture.slack.calls("views.publish").stream().filter(c -> "U_ALICE".equals(c.params().get("user_id"))))
                .as("the principal is not offered her own request").noneMatch(c -> c.params().get("view").contains("ar-" + intentId));
    }

    @Test
    void withDirectMessagesEachEligibleApproverOutsideTheChainGetsTheRequest() throws Exception {
        fixture.stopBot();
        try {
            fixture.startBot(true, fixture.dir.resolve("slack-dm-messages.json"));
            String intentId = "bot-" + UUID.randomUUID();
            fixture.submitExport(intentId);
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack.calls("chat.postMessage").stream()
                    .filter(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId)).count() == 2);
            assertThat(fixture.slack.calls("chat.postMessage").stream().filter(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId))
                    .map(c -> c.params().get("channel"))).containsExactlyInAnyOrder("U_CAROL", "U_DAVE");
        } finally {
            fixture.stopBot();
            slackSends = new SignedRequests(fixture.startBot().url());
        }
    }

    @Test
    void slackFailuresDelayTheMessageButNeverLoseIt() throws Exception {
        fixture.slack.failNext(3, 503);
        String intentId = "bot-" + UUID.randomUUID();
        fixture.submitExport(intentId);
        posted(intentId);
        fixture.slack.failNext(1, 429);
        String second = "bot-" + UUID.randomUUID();
        fixture.submitExport(second);
        posted(second);
    }
}
