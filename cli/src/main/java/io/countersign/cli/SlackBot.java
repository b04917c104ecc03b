package io.countersign.cli;

import io.countersign.approvalbot.ApprovalBotConfig;
import io.countersign.approvalbot.ApprovalBotService;
import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts the Slack approval bot ({@link ApprovalBotService}) for {@code countersign up} when a bot token is
 * configured, with its message state under the data directory and the pipeline's approver directory;
 * otherwise says how to enable it (the approval API on the gateway works either way).
 */
final class SlackBot {

    private SlackBot() {
    }

    static Optional<ApprovalBotService> start(KafkaSettings kafka, SchemaRegistryClient registry, ApprovalBotConfig configured,
                                              BlastRadiusConfig blastRadius, Path dataDir, String directoryFile, PrintWriter out) throws Exception {
        if (!configured.slackEnabled()) {
            out.println("  slack:     disabled (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET via approval-bot in countersign.yaml);"
                    + " approvers use /v1/approvals");
            return Optional.empty();
        }
        String state = ApprovalBotConfig.DEFAULTS.stateFile().equals(configured.stateFile())
                ? dataDir.resolve("slack-messages.json").toString() : configured.stateFile();
        ApprovalBotConfig config = configured.with(configured.slackApiUrl(), configured.port(), state);
        // up prints one summary for all its services instead of each service's start-up facts.
        ApprovalBotService bot = ApprovalBotService.start(kafka, registry, config, blastRadius, directoryFile,
                new PrintWriter(Writer.nullWriter()));
        out.printf("  slack:     approval bot at %s/slack/events (set it as the Slack app's Request URL)%n", bot.bot().url());
        return Optional.of(bot);
    }
}
