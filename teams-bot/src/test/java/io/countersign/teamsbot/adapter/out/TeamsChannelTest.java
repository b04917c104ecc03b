package io.countersign.teamsbot.adapter.out;

import io.countersign.approvals.application.port.out.ApprovalChannel;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.schema.DecisionKind;
import io.countersign.teamsbot.TeamsBotConfig;
import io.countersign.teamsbot.application.port.out.TeamsUsers;
import io.countersign.teamsbot.fake.FakeConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Teams as an approval channel in 1:1 mode (no Teams channel configured), against the loopback fake of the
 * Bot Connector: each eligible approver the bot has met gets the card in their 1:1 chat (created when only
 * their Teams id is known), nobody in the delegation chain or already decided gets it, the principal hears the
 * outcome in plain text, and connector failures map to retryable or permanent channel failures.
 */
class TeamsChannelTest {

    private static final Directory DIRECTORY = Directory.of(Map.of("data-stewards",
            List.of("user:carol@example.com", "user:dave@example.com", "user:erin@example.com", "user:olga@example.com")));

    @TempDir
    Path dir;
    private FakeConnector fake;
    private TeamsChannel channel;
    private JsonTeamsUsers users;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeConnector();
        String url = fake.url("").toString();
        TeamsBotConfig config = new TeamsBotConfig("app-id", "secret", "tenant-1", null, fake.url("/token").toString(), "127.0.0.1", 0, url,
                null, null);
        users = new JsonTeamsUsers(dir.resolve("users.json"));
        users.remember(new TeamsUsers.TeamsUser(Identity.of("user:carol@example.com"), "29:carol", "aad-carol", url, "a:carol-chat"));
        users.remember(new TeamsUsers.TeamsUser(Identity.of("user:dave@example.com"), "29:dave", "aad-dave", url, null));
        users.remember(new TeamsUsers.TeamsUser(Identity.of("user:olga@example.com"), "29:olga", "aad-olga", url, "a:olga-chat"));
        users.remember(new TeamsUsers.TeamsUser(Identity.of("user:alice@example.com"), "29:alice", "aad-alice", url, "a:alice-chat"));
        ConnectorClient connector = ConnectorClient.create(HttpClient.newHttpClient(), fake.url("/token"), "app-id", "secret", d -> { },
                Clock.systemUTC());
        channel = new TeamsChannel(config, connector, new TeamsCards(DIRECTORY, users), users, DIRECTORY);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void eachEligibleApproverTheBotHasMetGetsTheCardInTheir1on1Chat() throws Exception {
        ApprovalCard card = AdaptiveCardsTest.card("why", Map.of(), List.of(), null);

        List<ApprovalChannel.SentMessage> sent = new ArrayList<>();
        for (String destination : channel.destinations(card)) {
            sent.add(channel.post(destination, card));
        }

        // carol has a chat; dave gets one created; olga owns the agent; erin never met the bot.
        assertThat(fake.calls).extracting(c -> c.method() + " " + c.rawPath()).containsExactly(
                "POST /v3/conversations/a%3Acarol-chat/activities", "POST /v3/conversations", "POST /v3/conversations/conversation-2/activities");
        assertThat(fake.calls.get(1).body()).contains("\"members\":[{\"id\":\"29:dave\"}]", "\"tenantId\":\"tenant-1\"");
        assertThat(sent).containsExactly(new ApprovalChannel.SentMessage("a:carol-chat", "activity-1"),
                new ApprovalChannel.SentMessage("conversation-2", "activity-3"));
        assertThat(users.byIdentity(Identity.of("user:dave@example.com")).orElseThrow().personalConversationId())
                .as("the new chat is remembered").isEqualTo("conversation-2");
        assertThat(fake.calls.get(0).body()).as("only those who may still decide get live buttons")
                .contains("\"userIds\":[\"29:carol\",\"29:dave\"]");
    }

    @Test
    void thePrincipalHearsTheOutcomeInPlainTextAndUpdatesGoWhereTheCardsWere() throws Exception {
        ApprovalCard closed = AdaptiveCardsTest.card("why", Map.of(), List.of(), new ApprovalCard.Outcome(ApprovalCard.Result.DENIED,
                "DENIED", "APPROVERS", "no contract\u202E\nfake line", List.of(new ApprovalCard.Vote("user:carol@example.com", DecisionKind.DENY, "no contract"))));

        channel.update(new ApprovalChannel.SentMessage("a:carol-chat", "activity-9"), closed);
        channel.notifyRequester(closed);

        assertThat(fake.calls).extracting(c -> c.method() + " " + c.rawPath()).containsExactly(
                "PUT /v3/conversations/a%3Acarol-chat/activities/activity-9", "POST /v3/conversations/a%3Aalice-chat/activities");
        assertThat(fake.calls.get(1).body()).contains("\"textFormat\":\"plain\"",
                "on your behalf was denied by user:carol@example.com: no contract[U+202E] ⏎ fake line")
                .as("hidden and reordering characters are shown, line breaks cannot fake a line").doesNotContain("\u202E");
    }

    @Test
    void connectorFailuresAreRetryableOnlyWhenTheyMayPass() {
        ApprovalCard card = AdaptiveCardsTest.card("why", Map.of(), List.of(), null);
        ApprovalChannel.SentMessage sent = new ApprovalChannel.SentMessage("a:carol-chat", "activity-9");
        fake.then(new FakeConnector.Answer(404, Map.of(), "{\"error\":{\"code\":\"ConversationNotFound\"}}"));
        assertThatThrownBy(() -> channel.update(sent, card)).isInstanceOfSatisfying(ApprovalChannel.ChannelException.class,
                e -> assertThat(e.retryable()).isFalse());
        for (int i = 0; i < 5; i++) {
            fake.then(new FakeConnector.Answer(503, Map.of(), ""));
        }
        assertThatThrownBy(() -> channel.update(sent, card)).isInstanceOfSatisfying(ApprovalChannel.ChannelException.class,
                e -> assertThat(e.retryable()).isTrue());
    }
}
