package io.countersign.approvalbot;

import io.countersign.approvalbot.adapter.out.Destinations;
import io.countersign.approvalbot.adapter.out.SlackChannel;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.application.ApprovalDispatcher;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.opensearch.LineageIndexDown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, "a card is still posted with OpenSearch down", through Slack: the dispatcher looks the blast radius up
 * with the real OpenSearch lookup on a closed loopback port, and {@link SlackChannel} posts the request to the loopback
 * Slack fake anyway, rendered by {@link RequestMessage} with the line saying the index is unreachable.
 */
class SlackIndexDownTest {

    @TempDir
    Path dir;

    @Test
    void withOpenSearchDownTheRequestIsPostedToSlackSayingTheBlastRadiusIsUnavailable() throws Exception {
        try (FakeSlack slack = new FakeSlack(Map.of("U_CAROL", "carol@example.com"))) {
            PendingApprovals approvals = new PendingApprovals();
            approvals.requested(LineageIndexDown.request("ar-down", "i-down"));
            SlackClient client = new SlackClient("xoxb-test", slack.url());
            Directory stewards = Directory.of(Map.of("data-stewards", List.of("user:carol@example.com")));
            SlackChannel channel = new SlackChannel(client, new Destinations(false, "#countersign-approvals", Map.of(), stewards, client),
                    new RequestMessage("http://dash.example:8090"));
            ApprovalDispatcher dispatcher = new ApprovalDispatcher(channel, approvals, new JsonPostedMessages(dir.resolve("slack-messages.json")),
                    () -> LineageIndexDown.CREATED.plusSeconds(5), false, Duration.ofMinutes(5), LineageIndexDown.lookup());

            dispatcher.run();

            assertThat(slack.refused("chat.postMessage")).isEmpty();
            assertThat(slack.calls("chat.postMessage")).singleElement().satisfies(c -> {
                assertThat(c.params().get("channel")).isEqualTo("#countersign-approvals");
                assertThat(c.params().get("blocks")).as("the request, with its buttons")
                        .contains("db.export", "agent:exporter", "user:alice@example.com", LineageIndexDown.TARGET, "ar-down",
                                RequestMessage.APPROVE, RequestMessage.DENY)
                        .as("the blast radius line saying the index is unreachable, and no dataset counts")
                        .contains("*Blast radius*: `" + LineageIndexDown.UNAVAILABLE + "`").doesNotContain("feeds ");
            });
        }
    }
}
