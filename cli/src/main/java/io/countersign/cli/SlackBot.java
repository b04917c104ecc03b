package io.countersign.cli;

import io.countersign.approvalbot.ApprovalBot;
import io.countersign.approvalbot.ApprovalBotConfig;
import io.countersign.config.KafkaSettings;
import io.countersign.directory.Directory;
import io.countersign.directory.YamlDirectory;
import io.countersign.schemas.registry.SchemaRegistryClient;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the Slack approval bot for {@code countersign up} when a bot token is configured, with its
 * message state under the data directory and the pipeline's approver directory; otherwise says how to
 * enable it (the approval API on the gateway works either way).
 */
final class SlackBot {

    private SlackBot() {
    }

    static Optional<ApprovalBot> start(KafkaSettings kafka, SchemaRegistryClient registry, ApprovalBotConfig configured, Path dataDir,
                                       String directoryFile, PrintWriter out) throws Exception {
        if (!configured.slackEnabled()) {
            out.println("  slack:     disabled (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET via approval-bot in countersign.yaml);"
                    + " approvers use /v1/approvals");
            return Optional.empty();
        }
        String state = ApprovalBotConfig.DEFAULTS.stateFile().equals(configured.stateFile())
                ? dataDir.resolve("slack-messages.json").toString() : configured.stateFile();
        ApprovalBotConfig config = configured.with(configured.slackApiUrl(), configured.port(), state);
        Directory directory = directoryFile == null ? Directory.of(Map.of()) : YamlDirectory.load(Path.of(directoryFile));
        Optional<ApprovalBot> bot = ApprovalBot.start(config, kafka, registry, directory, Clock.systemUTC());
        bot.ifPresent(b -> out.printf("  slack:     approval bot at %s/slack/events (set it as the Slack app's Request URL)%n", b.url()));
        return bot;
    }
}
