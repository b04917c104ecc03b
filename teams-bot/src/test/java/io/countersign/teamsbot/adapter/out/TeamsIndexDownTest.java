package io.countersign.teamsbot.adapter.out;

import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.application.ApprovalDispatcher;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.opensearch.LineageIndexDown;
import io.countersign.teamsbot.TeamsBotConfig;
import io.countersign.teamsbot.fake.CardText;
import io.countersign.teamsbot.fake.FakeConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, "a card is still posted with OpenSearch down", through Teams: the dispatcher looks the blast radius up with
 * the real OpenSearch lookup on a closed loopback port, and {@link TeamsChannel} posts the request's Adaptive Card in a
 * new thread of the Teams channel on the loopback Bot Connector fake anyway, saying the index is unreachable.
 */
class TeamsIndexDownTest {

    private static final String CHANNEL = "19:approvals@thread.tacv2";

    @TempDir
    Path dir;

    @Test
    void withOpenSearchDownTheRequestIsPostedToTeamsSayingTheBlastRadiusIsUnavailable() throws Exception {
        try (FakeConnector fake = new FakeConnector()) {
            String url = fake.url("").toString();
            TeamsBotConfig config = new TeamsBotConfig("app-id", "secret", "tenant-1", null, fake.url("/token").toString(), "127.0.0.1", 0, url,
                    "team-1", CHANNEL);
            Directory stewards = Directory.of(Map.of("data-stewards", List.of("user:carol@example.com")));
            JsonTeamsUsers users = new JsonTeamsUsers(dir.resolve("users.json"));
            BlastRadiusLookup indexDown = LineageIndexDown.lookup();
            ConnectorClient connector = ConnectorClient.create(HttpClient.newHttpClient(), fake.url("/token"), "app-id", "secret", d -> { },
                    Clock.systemUTC());
            TeamsChannel channel = new TeamsChannel(config, connector, new TeamsCards(stewards, users, indexDown, "https://cs.example/"), users,
                    stewards);
            PendingApprovals approvals = new PendingApprovals();
            approvals.requested(LineageIndexDown.request("ar-down", "i-down"));
            ApprovalDispatcher dispatcher = new ApprovalDispatcher(channel, approvals, new JsonPostedMessages(dir.resolve("posted.json")),
                    () -> LineageIndexDown.CREATED.plusSeconds(5), false, Duration.ofMinutes(5), indexDown);

            dispatcher.run();

            assertThat(fake.calls).singleElement().satisfies(c -> {
                assertThat(c.method() + " " + c.rawPath()).isEqualTo("POST /v3/conversations");
                assertThat(c.body()).contains("\"channel\":{\"id\":\"" + CHANNEL + "\"}").as("the buttons decide this request")
                        .contains("\"requestId\":\"ar-down\"");
                assertThat(CardText.of(c.body())).as("the request, with its buttons")
                        .contains("db.export", "agent:exporter", "user:alice@example.com", LineageIndexDown.TARGET, "Approve", "Deny")
                        .as("the blast radius saying the index is unreachable, and no dataset counts")
                        .contains("Blast radius\n" + LineageIndexDown.UNAVAILABLE + "\n").doesNotContain("feeds ");
            });
        }
    }
}
