package io.countersign.teamsbot.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.approvalbot.ApprovalBot;
import io.countersign.approvalbot.SignedRequests;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.schema.ApproverDecision;
import io.countersign.schema.DecidedBy;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import io.countersign.teamsbot.TeamsBot;
import io.countersign.teamsbot.adapter.out.AdaptiveCards;
import io.countersign.teamsbot.fake.CardText;
import io.countersign.teamsbot.fake.FakeConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Teams bot end to end on the embedded stack with the decision pipeline, against loopback fakes of the
 * Bot Framework and the Bot Connector: a review is posted to the Teams channel as a masked Adaptive Card; a
 * quorum of two is reached by two distinct people in Teams; the principal hears the outcome in their 1:1
 * chat; a chain member and an unknown person are told why nothing was recorded; a Slack and a Teams decision
 * count together; expiry closes the card a restarted bot posted before, without posting it again.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamsApprovalsIT {

    private TeamsFixture fixture;
    private TeamsBot bot;
    private TeamsSends teams;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        fixture = new TeamsFixture(endpoints);
        bot = fixture.startTeams(fixture.dir.resolve("teams-state"));
        teams = new TeamsSends(bot.url(), fixture.signingKey, TeamsFixture.APP_ID, fixture.serviceUrl());
    }

    @AfterAll
    void stop() {
        bot.close();
        fixture.close();
    }

    /** The new channel thread the bot started for {@code intentId}'s request. */
    private FakeConnector.Call posted(String intentId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> threadOf(intentId).size() == 1);
        return threadOf(intentId).get(0);
    }

    private List<FakeConnector.Call> threadOf(String intentId) {
        return fixture.connector.calls("POST", "/v3/conversations").stream().filter(c -> c.body().contains("ar-" + intentId)).toList();
    }

    /** The conversation and activity id of the card in {@code thread}: where updates must go. */
    private static String activityPath(FakeConnector.Call thread) {
        String answer = thread.answer();
        String conversation = answer.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String activity = answer.replaceAll(".*\"activityId\":\"([^\"]+)\".*", "$1");
        return "/v3/conversations/" + conversation + "/activities/" + activity;
    }

    private void awaitCardUpdate(FakeConnector.Call thread, String... texts) {
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.connector.calls("PUT", activityPath(thread)).stream()
                .anyMatch(c -> List.of(texts).stream().allMatch(c.body()::contains)));
    }

    @Test
    void aQuorumOfTwoIsReachedInTeamsAndThePrincipalHearsTheOutcome() throws Exception {
        assertThat(teams.install("alice")).isEqualTo(200);
        String intentId = "teams-" + UUID.randomUUID();
        fixture.submit(intentId, "db.copy");
        FakeConnector.Call thread = posted(intentId);
        assertThat(thread.body()).contains(TeamsFixture.TEAM_CHANNEL, "AdaptiveCard", "Action.Execute", AdaptiveCards.APPROVE);
        assertThat(CardText.of(thread.body())).contains("0 of 2", "db.copy", "agent:exporter", "pii-copy-two-stewards", "s3://partner-drop/q3.csv")
                .doesNotContain("bob@example.com");

        JsonNode first = teams.click("carol", AdaptiveCards.APPROVE, "ar-" + intentId, "checked the contract", "conv");
        assertThat(first.path("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(CardText.of(first.path("value").toString())).contains("1 of 2", "carol@example.com")
                .as("carol has decided: her card shows the status, no buttons").doesNotContain(AdaptiveCards.APPROVE);
        JsonNode again = teams.click("carol", AdaptiveCards.APPROVE, "ar-" + intentId, null, "conv");
        assertThat(again.path("type").asText()).isEqualTo("application/vnd.microsoft.activity.message");
        assertThat(again.path("value").asText()).contains("already decided");
        awaitCardUpdate(thread, "1 of 2");

        teams.click("dave", AdaptiveCards.APPROVE, "ar-" + intentId, null, "conv");
        Verdict verdict = VerdictsRead.await(fixture.kafka, fixture.registry, intentId, Duration.ofSeconds(60));
        assertThat(verdict.getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(verdict.getDecisions()).extracting(ApproverDecision::getApprover)
                .containsExactlyInAnyOrder("user:carol@example.com", "user:dave@example.com");
        assertThat(verdict.getDecisions()).extracting(ApproverDecision::getChannel).containsOnly("teams");
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.connector.calls("PUT", activityPath(thread)).stream()
                .map(c -> CardText.of(c.body())).anyMatch(t -> t.contains("APPROVED") && t.contains("carol@example.com")
                        && t.contains("dave@example.com")));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.connector.calls("POST", "/v3/conversations/a%3Aalice-chat/activities")
                .stream().anyMatch(c -> c.body().contains("db.copy on your behalf was approved") && c.body().contains("\"plain\"")));
    }

    @Test
    void aChainMemberAndAnUnknownPersonAreToldWhyAndNothingIsRecorded() throws Exception {
        String intentId = "teams-" + UUID.randomUUID();
        fixture.submit(intentId, "db.export");
        posted(intentId);
        JsonNode principal = teams.click("alice", AdaptiveCards.APPROVE, "ar-" + intentId, null, "conv");
        assertThat(principal.path("value").asText()).contains("Nothing was recorded", "delegation chain");
        JsonNode stranger = teams.click("stranger", AdaptiveCards.APPROVE, "ar-" + intentId, null, "conv");
        assertThat(stranger.path("value").asText()).contains("not in Countersign's approver directory", "stranger@example.com");
        JsonNode refresh = teams.click("alice", AdaptiveCards.REFRESH, "ar-" + intentId, null, "conv");
        assertThat(refresh.path("value").toString()).as("the principal sees the status only").contains("0 of 1")
                .doesNotContain(AdaptiveCards.APPROVE);
        JsonNode denial = teams.click("dave", AdaptiveCards.DENY, "ar-" + intentId, null, "conv");
        assertThat(denial.path("value").asText()).contains("a denial needs a reason");

        teams.click("dave", AdaptiveCards.DENY, "ar-" + intentId, "no contract with this partner", "conv");
        Verdict verdict = VerdictsRead.await(fixture.kafka, fixture.registry, intentId, Duration.ofSeconds(60));
        assertThat(verdict.getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(verdict.getDecisions()).extracting(ApproverDecision::getApprover).containsExactly("user:dave@example.com");
    }

    @Test
    void anApproveOfAStepUpRequestAnswersWithAOneTimeLinkInTeamsAndInSlackAndRecordsNothing() throws Exception {
        ApprovalBot slackBot = fixture.startSlack();
        try {
            String intentId = "step-up-" + UUID.randomUUID();
            fixture.submit(intentId, "db.delete");
            posted(intentId);
            JsonNode teamsAnswer = teams.click("carol", AdaptiveCards.APPROVE, "ar-" + intentId, null, "conv");
            assertThat(teamsAnswer.path("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
            assertThat(teamsAnswer.at("/value/actions/0/type").asText()).isEqualTo("Action.OpenUrl");
            assertThat(teamsAnswer.at("/value/actions/0/url").asText()).startsWith(TeamsFixture.DASHBOARDS + "step-up?link=v1.");
            assertThat(CardText.of(teamsAnswer.path("value").toString())).contains("multi-factor sign-in", "Nothing was recorded yet");

            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack().calls("chat.postMessage").stream()
                    .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId)));
            HttpResponse<String> slackClick = new SignedRequests(slackBot.url()).send(
                    SignedRequests.blockAction("U_DAVE", "countersign-approve", "ar-" + intentId), TeamsFixture.SLACK_SECRET, Instant.now());
            assertThat(slackClick.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack().calls("chat.postEphemeral").stream()
                    .anyMatch(c -> c.params().getOrDefault("user", "").equals("U_DAVE")
                            && c.params().getOrDefault("text", "").contains("<" + TeamsFixture.DASHBOARDS + "step-up?link=v1.")));

            // Neither click was a decision: a denial, which needs no step-up, is the first and decides.
            teams.click("carol", AdaptiveCards.DENY, "ar-" + intentId, "no deletion ticket", "conv");
            Verdict verdict = VerdictsRead.await(fixture.kafka, fixture.registry, intentId, Duration.ofSeconds(60));
            assertThat(verdict.getOutcome()).isEqualTo(Outcome.DENIED);
            assertThat(verdict.getDecisions()).singleElement().satisfies(d -> {
                assertThat(d.getApprover()).isEqualTo("user:carol@example.com");
                assertThat(d.getAuthentication().getMethod()).isEqualTo(io.countersign.schema.AuthenticationMethod.TEAMS_BOT_TOKEN);
            });
        } finally {
            slackBot.close();
        }
    }

    @Test
    void oneDecisionInSlackAndOneInTeamsCountTowardsTheSameQuorum() throws Exception {
        ApprovalBot slackBot = fixture.startSlack();
        try {
            String intentId = "mixed-" + UUID.randomUUID();
            fixture.submit(intentId, "db.copy");
            posted(intentId);
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.slack().calls("chat.postMessage").stream()
                    .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("ar-" + intentId)));
            HttpResponse<String> slackClick = new SignedRequests(slackBot.url()).send(
                    SignedRequests.blockAction("U_CAROL", "countersign-approve", "ar-" + intentId), TeamsFixture.SLACK_SECRET, Instant.now());
            assertThat(slackClick.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> teams.click("dave", AdaptiveCards.REFRESH, "ar-" + intentId, null, "conv")
                    .path("value").toString().contains("1 of 2"));

            teams.click("dave", AdaptiveCards.APPROVE, "ar-" + intentId, null, "conv");
            Verdict verdict = VerdictsRead.await(fixture.kafka, fixture.registry, intentId, Duration.ofSeconds(60));
            assertThat(verdict.getOutcome()).isEqualTo(Outcome.ALLOWED);
            assertThat(verdict.getDecisions()).extracting(d -> d.getApprover() + " via " + d.getChannel())
                    .containsExactlyInAnyOrder("user:carol@example.com via slack", "user:dave@example.com via teams");
        } finally {
            slackBot.close();
        }
    }

    @Test
    void expiryClosesTheCardARestartedBotPostedBeforeWithoutPostingAgain() throws Exception {
        String intentId = "expiry-" + UUID.randomUUID();
        fixture.submit(intentId, "db.purge");
        FakeConnector.Call thread = posted(intentId);
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.readString(fixture.dir.resolve("teams-state/posted.json"))
                .contains("ar-" + intentId));
        bot.close();
        bot = fixture.startTeams(fixture.dir.resolve("teams-state"));
        teams = new TeamsSends(bot.url(), fixture.signingKey, TeamsFixture.APP_ID, fixture.serviceUrl());

        Verdict verdict = VerdictsRead.await(fixture.kafka, fixture.registry, intentId, Duration.ofSeconds(60));
        assertThat(verdict.getDecidedBy()).isEqualTo(DecidedBy.EXPIRED);
        awaitCardUpdate(thread, "EXPIRED");
        assertThat(threadOf(intentId)).as("the restarted bot updated its card instead of posting a new one").hasSize(1);
    }

    @Test
    void theBotAnswersHealthAndMetricsOnItsPortAndRefusesUnauthenticatedActivities() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(bot.url().resolve("/healthz/ready")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(bot.url().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("jvm_memory_used_bytes");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(bot.url().resolve("/api/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"invoke\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
    }
}
