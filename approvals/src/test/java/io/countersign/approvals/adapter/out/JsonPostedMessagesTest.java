package io.countersign.approvals.adapter.out;

import io.countersign.approvals.application.port.out.ApprovalChannel.SentMessage;
import io.countersign.approvals.application.port.out.PostedMessages.Posted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The posted-messages file: one message per destination survives a restart, and the Slack bot's state file
 * from before it ran on the approvals core ({@code slack-messages.json}) is read, so an upgraded bot updates
 * its earlier messages instead of posting them again.
 */
class JsonPostedMessagesTest {

    @TempDir
    Path dir;

    @Test
    void messagesPerDestinationSurviveARestartAndAreForgottenOneByOne() {
        Path file = dir.resolve("posted.json");
        JsonPostedMessages posted = new JsonPostedMessages(file);
        posted.put("ar-1", new Posted("U_CAROL", new SentMessage("D1", "1.1"), 0));
        posted.put("ar-1", new Posted("U_DAVE", new SentMessage("D2", "1.2"), 0));
        posted.put("ar-1", new Posted("U_CAROL", new SentMessage("D1", "1.1"), 1));

        JsonPostedMessages restarted = new JsonPostedMessages(file);
        assertThat(restarted.of("ar-1")).containsExactly(new Posted("U_CAROL", new SentMessage("D1", "1.1"), 1),
                new Posted("U_DAVE", new SentMessage("D2", "1.2"), 0));
        restarted.remove("ar-1", "U_CAROL");
        assertThat(new JsonPostedMessages(file).of("ar-1")).extracting(Posted::destination).containsExactly("U_DAVE");
        restarted.remove("ar-1", "U_DAVE");
        assertThat(new JsonPostedMessages(file).requestIds()).isEmpty();
    }

    @Test
    void theSlackBotsEarlierStateFileIsReadAndRewrittenInTheNewForm() throws Exception {
        Path file = dir.resolve("slack-messages.json");
        Files.writeString(file, """
                {"ar-order|42|#countersign-approvals": {"channel": "C1", "ts": "1700000000.1001", "shownDecisions": 1},
                 "ar-2|U_CAROL": {"channel": "D9", "ts": "1700000000.1002", "shownDecisions": 0}}
                """);
        JsonPostedMessages posted = new JsonPostedMessages(file);
        assertThat(posted.requestIds()).containsExactlyInAnyOrder("ar-order|42", "ar-2");
        assertThat(posted.of("ar-order|42")).containsExactly(new Posted("#countersign-approvals", new SentMessage("C1", "1700000000.1001"), 1));

        posted.put("ar-3", new Posted("#countersign-approvals", new SentMessage("C1", "1700000000.1003"), 0));
        assertThat(Files.readString(file)).doesNotContain("\"ts\"");
        assertThat(new JsonPostedMessages(file).of("ar-2")).containsExactly(new Posted("U_CAROL", new SentMessage("D9", "1700000000.1002"), 0));
    }

    @Test
    void anUnreadableFileIsTreatedAsEmpty() throws Exception {
        Path file = dir.resolve("posted.json");
        Files.writeString(file, "{not json");
        assertThat(new JsonPostedMessages(file).requestIds()).isEmpty();
    }
}
